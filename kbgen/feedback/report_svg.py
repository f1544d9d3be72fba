"""Inline SVG charts for the HTML report, no script and no external asset. Every chart has both
axes labelled (`<g class="axis x">`, `<g class="axis y">`): dates under weekly charts, values
beside them; every text in a chart is escaped."""
from __future__ import annotations

import datetime as dt
import html
import math

from .report_text import visible_in_html

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_DATE_LABELS = 5


def e(text: object) -> str:
    """Text for HTML, in an element or an attribute: escaped, and no control or bidi character left raw."""
    return html.escape(visible_in_html(text), quote=True)


def day_label(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]}"


def _nice_ceiling(value: float) -> int:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least `value`,
    and at least 2, so that its half is a whole number too."""
    if value <= 2:
        return 2
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = round(step * power)
        if value <= candidate and abs(candidate - step * power) < 1e-9 and candidate % 2 == 0:
            return candidate
    return 10 * power


def _date_ticks(count: int) -> list[int]:
    """Which of `count` weekly positions get a date label: the first, the last, evenly between."""
    if count <= MAX_DATE_LABELS:
        return list(range(count))
    step = (count - 1) / (MAX_DATE_LABELS - 1)
    return sorted({round(i * step) for i in range(MAX_DATE_LABELS)})


def _open(label: str, width: int, height: int, css: str, font: int = 11) -> str:
    return (f'<svg class="chart {css}" role="img" aria-label="{e(label)}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" font-size="{font}">')


def trend_chart(points: list[dict], weeks: list[str], since: str | None, label: str) -> str:
    """An answer's helpful rate per week: a point per week with votes, over `weeks` (their Mondays);
    the weeks before the window (`since`) are shaded."""
    width, height, left, right, top, bottom = 360, 152, 38, 336, 25, 118
    n = len(weeks)
    x_of = (lambda i: (left + right) / 2) if n <= 1 else (lambda i: left + i * (right - left) / (n - 1))
    y_of = lambda rate: bottom - rate * (bottom - top)  # noqa: E731
    out = [_open(label, width, height, "trend")]
    out.append(_before(weeks, since, x_of, left, top, bottom))
    out.append('<g class="axis y">')
    for rate in (0, 0.5, 1):
        y = y_of(rate)
        out.append(f'<line class="grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{rate:.0%}</text>')
    out.append('<text class="title" x="4" y="10">helpful rate</text></g>')
    out.append(_x_dates(weeks, x_of, bottom, "week of"))
    index = {w: i for i, w in enumerate(weeks)}
    shown = [(index[p["week"]], p) for p in points if p["week"] in index and p["helpful_rate"] is not None]
    if len(shown) > 1:
        path = " ".join(f"{x_of(i):.1f},{y_of(p['helpful_rate']):.1f}" for i, p in shown)
        out.append(f'<polyline class="line" points="{path}"/>')
    for i, p in shown:
        votes = p["yes"] + p["no"]
        out.append(f'<circle class="point" cx="{x_of(i):.1f}" cy="{y_of(p["helpful_rate"]):.1f}" r="3.5">'
                   f'<title>week of {e(p["week"])}: {p["helpful_rate"]:.0%} helpful ({p["yes"]} of {votes})</title></circle>')
    out.append("</svg>")
    return "".join(out)


def _before(weeks: list[str], since: str | None, x_of, left: float, top: float, bottom: float) -> str:
    """The weeks before the window's first day, shaded and marked "before"."""
    if not since or len(weeks) < 2:
        return ""
    first = dt.date.fromisoformat(since)
    start = next((i for i, w in enumerate(weeks) if dt.date.fromisoformat(w) + dt.timedelta(days=6) >= first), 0)
    if start == 0:
        return ""
    edge = (x_of(start - 1) + x_of(start)) / 2
    return (f'<rect class="before" x="{left}" y="{top}" width="{edge - left:.1f}" height="{bottom - top}"/>'
            f'<text class="note" x="{(left + edge) / 2:.1f}" y="{top - 4}" text-anchor="middle">window before</text>')


def _x_dates(weeks: list[str], x_of, bottom: float, title: str) -> str:
    out = ['<g class="axis x">', f'<line class="axis-line" x1="{x_of(0) if len(weeks) > 1 else x_of(0) - 20:.1f}" '
           f'x2="{x_of(len(weeks) - 1) if len(weeks) > 1 else x_of(0) + 20:.1f}" y1="{bottom}" y2="{bottom}"/>']
    for i in _date_ticks(len(weeks)):
        x = x_of(i)
        out.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}"/>'
                   f'<text x="{x:.1f}" y="{bottom + 15}" text-anchor="middle">{e(day_label(weeks[i]))}</text>')
    out.append(f'<text class="title" x="{(x_of(0) + x_of(max(len(weeks) - 1, 0))) / 2:.1f}" y="{bottom + 29}" '
               f'text-anchor="middle">{e(title)}</text>')
    out.append("</g>")
    return "".join(out)


def weekly_bars(rows: list[dict], weeks: list[str], parts: list[tuple[str, str, str]], label: str, unit: str,
                since: str | None = None) -> str:
    """Stacked bars per week: `parts` = [(key, legend, css class)], each row's keys counted from the bottom;
    `rows`: {"week": ..., key: n}. The y axis counts `unit`; the weeks before `since` are shaded."""
    width, height, left, right, top, bottom = 400, 190, 44, 392, 30, 146
    n = max(len(weeks), 1)
    slot = (right - left) / n
    x_of = lambda i: left + (i + 0.5) * slot  # noqa: E731
    by_week = {r["week"]: r for r in rows}
    peak = _nice_ceiling(max((sum(by_week.get(w, {}).get(k, 0) for k, _, _ in parts) for w in weeks), default=0))
    y_of = lambda value: bottom - value * (bottom - top) / peak  # noqa: E731
    out = [_open(label, width, height, "bars"), _before(weeks, since, x_of, left, top, bottom)]
    x = left
    for key, legend, css in parts:  # the legend, top left
        out.append(f'<rect class="{css}" x="{x}" y="4" width="10" height="10"/><text x="{x + 14}" y="13">{e(legend)}</text>')
        x += 24 + 6.5 * len(legend)
    out.append('<g class="axis y">')
    for value in (0, peak // 2, peak):
        y = y_of(value)
        out.append(f'<line class="grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{value:,g}</text>')
    out.append(f'<text class="title" x="{right}" y="13" text-anchor="end">{e(unit)}</text></g>')
    for i, week in enumerate(weeks):
        row, base = by_week.get(week, {}), 0
        for key, legend, css in parts:
            value = row.get(key, 0)
            if value:
                y0, y1 = y_of(base), y_of(base + value)
                out.append(f'<rect class="{css}" x="{x_of(i) - slot * 0.35:.1f}" y="{y1:.1f}" width="{slot * 0.7:.1f}" '
                           f'height="{y0 - y1:.1f}"><title>week of {e(week)}: {value:,} {e(legend)}</title></rect>')
            base += value
    out.append(_x_dates(weeks, x_of, bottom, "week of"))
    out.append("</svg>")
    return "".join(out)


FUNNEL_LABEL = 60  # characters of a step's label shown above its bar


def funnel(label: str, steps: list[tuple[str, str, int, int]], visits: int) -> str:
    """A troubleshooter's readers per step: [(step id, label, visits that reached it, visits that left there)],
    a bar each with its label above it, against an x axis of the share of visits."""
    width, left, right, row = 420, 6, 280, 36
    top = 6
    bottom = top + row * len(steps) + 4
    height = bottom + 34
    share_x = lambda share: left + share * (right - left)  # noqa: E731
    out = [_open(label, width, height, "funnel", 12), '<g class="axis y">']
    for n, (step, text, reached, left_here) in enumerate(steps):
        shown = text or step
        shown = shown if len(shown) <= FUNNEL_LABEL else shown[:FUNNEL_LABEL - 1] + "…"
        out.append(f'<text x="{left}" y="{top + row * n + 12}">{e(shown)}</text>')
    out.append("</g>")
    for n, (step, text, reached, left_here) in enumerate(steps):
        y = top + row * n
        share = reached / visits if visits else 0.0
        value = f"{reached} ({share:.0%})"
        out.append(f'<rect class="bar" x="{left}" y="{y + 16}" width="{share_x(share) - left:.1f}" height="14">'
                   f'<title>{e(step)}: {reached} of {visits}</title></rect>'
                   f'<text x="{share_x(share) + 5:.1f}" y="{y + 27}">{value}</text>')
        if left_here:
            out.append(f'<text class="left" x="{share_x(share) + 12 + 6.8 * len(value):.1f}" y="{y + 27}">'
                       f'{left_here} left here</text>')
    out.append('<g class="axis x">'
               f'<line class="axis-line" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/>')
    for share in (0, 0.25, 0.5, 0.75, 1):
        x = share_x(share)
        out.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}"/>'
                   f'<text x="{x:.1f}" y="{bottom + 15}" text-anchor="{"start" if share == 0 else "middle"}">{share:.0%}</text>')
    out.append(f'<text class="title" x="{(left + right) / 2:.0f}" y="{bottom + 29}" text-anchor="middle">'
               f'share of the {visits:,} visits that reached the step</text></g>')
    out.append("</svg>")
    return "".join(out)
