"""`kbgen feedback report`: which answers fail customers, and what they searched for in vain.

One entry per article and one per FAQ answer (a vote names one or the other, so no vote is
counted twice). Entries are sorted worst first by the upper end of the 95% Wilson interval of
their helpful rate: a page is only near the top once its votes make it clearly bad, so three
votes are not over-read in either direction.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .store import Store

Z = 1.959964  # 95% confidence
LATEST_COMMENTS = 5


def wilson(yes: int, total: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if total == 0:
        return 0.0, 1.0
    p = yes / total
    centre = p + Z * Z / (2 * total)
    spread = Z * math.sqrt(p * (1 - p) / total + Z * Z / (4 * total * total))
    denominator = 1 + Z * Z / total
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


@dataclass
class PageEntry:
    page: str
    question: str | None
    language: str | None = None  # the page's language (a translation is an answer of its own)
    title: str = ""
    yes: int = 0
    no: int = 0
    helpful_rate: float = 0.0
    wilson_lower: float = 0.0
    wilson_upper: float = 1.0
    reasons: dict[str, int] = field(default_factory=dict)
    comments: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Report:
    pages: list[PageEntry]
    searches_without_results: list[dict]
    votes_per_week: list[dict]
    since: str | None = None
    languages: list[dict] = field(default_factory=list)  # per language: votes, helpful rate, searches, in vain

    def to_dict(self) -> dict:
        return {"since": self.since, "languages": self.languages, "pages": [asdict(p) for p in self.pages],
                "searches_without_results": self.searches_without_results, "votes_per_week": self.votes_per_week}


def build_report(store: Store, since: dt.date | None = None, titles: dict | None = None,
                 language: str | None = None) -> Report:
    """`titles`: (language, id) -> title from a built site's kb.json; `language`: only its events."""
    titles = titles or {}
    start = int(dt.datetime.combine(since, dt.time(), dt.timezone.utc).timestamp()) if since else 0
    entries: dict[tuple[str, str | None, str | None], PageEntry] = {}
    reasons: dict[tuple, Counter] = defaultdict(Counter)
    searches: Counter = Counter()
    weeks: Counter = Counter()
    per_language: dict[str, Counter] = defaultdict(Counter)
    for row in store.events():
        if row["received"] < start or (language is not None and (row["locale"] or "").lower() != language.lower()):
            continue
        spoken = row["locale"] or "?"
        if row["type"] == "search":
            per_language[spoken]["searches"] += 1
            if row["results"] == 0:
                searches[row["query"].casefold()] += 1
                per_language[spoken]["searches_without_results"] += 1
            continue
        key = (row["page"], row["question"], row["locale"])
        entry = entries.get(key)
        if entry is None:
            item = f"{row['page']}#{row['question']}" if row["question"] else row["page"]
            label = titles.get((row["locale"], item)) or titles.get((None, item), "")
            entry = entries[key] = PageEntry(row["page"], row["question"], row["locale"], label)
        per_language[spoken]["votes"] += 1
        if row["helpful"]:
            entry.yes += 1
            per_language[spoken]["yes"] += 1
        else:
            entry.no += 1
        if row["reason"]:
            reasons[key][row["reason"]] += 1
        if row["comment"]:
            day = dt.datetime.fromtimestamp(row["received"], dt.timezone.utc).date().isoformat()
            entry.comments.append({"date": day, "comment": row["comment"]})
        week = dt.datetime.fromtimestamp(row["received"], dt.timezone.utc).date()
        weeks[(week - dt.timedelta(days=week.weekday())).isoformat()] += 1
    for key, entry in entries.items():
        total = entry.yes + entry.no
        entry.helpful_rate = round(entry.yes / total, 4) if total else 0.0
        low, high = wilson(entry.yes, total)
        entry.wilson_lower, entry.wilson_upper = round(low, 4), round(high, 4)
        entry.reasons = dict(sorted(reasons[key].items(), key=lambda item: (-item[1], item[0])))
        entry.comments = entry.comments[::-1][:LATEST_COMMENTS]
    pages = sorted(entries.values(), key=lambda e: (e.wilson_upper, -e.no, e.page, e.question or "", e.language or ""))
    languages = [{"language": code, "votes": c["votes"], "helpful_rate": round(c["yes"] / c["votes"], 4) if c["votes"] else None,
                  "searches": c["searches"], "searches_without_results": c["searches_without_results"]}
                 for code, c in sorted(per_language.items())]
    return Report(languages=languages, 
        pages=pages,
        searches_without_results=[{"query": q, "count": n} for q, n in sorted(searches.items(), key=lambda i: (-i[1], i[0]))],
        votes_per_week=[{"week": w, "votes": n} for w, n in sorted(weeks.items())],
        since=since.isoformat() if since else None,
    )


def titles_from_site(site_dir: Path) -> dict[tuple[str | None, str], str]:
    """(language, id) -> title; a translation shares its original's id."""
    data = json.loads((Path(site_dir) / "kb.json").read_text(encoding="utf-8"))
    titles: dict[tuple[str | None, str], str] = {}
    for item in data["items"]:
        titles[(item.get("language"), item["id"])] = item["title"]
        titles.setdefault((None, item["id"]), item["title"])
    return titles


def render(report: Report, form: str) -> str:
    return {"json": as_json, "csv": as_csv, "table": as_table, "html": as_html}[form](report)


def as_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["page", "question", "language", "title", "yes", "no", "helpful_rate", "wilson_lower", "reasons", "latest_comment"])
    for e in report.pages:
        writer.writerow([e.page, e.question or "", e.language or "", e.title, e.yes, e.no, e.helpful_rate, e.wilson_lower,
                         "; ".join(f"{r}={n}" for r, n in e.reasons.items()), e.comments[0]["comment"] if e.comments else ""])
    writer.writerow([])
    writer.writerow(["search without results", "count"])
    for s in report.searches_without_results:
        writer.writerow([s["query"], s["count"]])
    return out.getvalue()


def _rate(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def as_table(report: Report) -> str:
    lines = [f"{'answer':<48} {'yes':>5} {'no':>5} {'helpful':>8} {'at least':>9}  reasons"]
    for e in report.pages:
        name = (f"{e.language}: " if len(report.languages) > 1 and e.language else "") + e.page + (f"#{e.question}" if e.question else "")
        reasons = ", ".join(f"{r} {n}" for r, n in e.reasons.items())
        lines.append(f"{name[:48]:<48} {e.yes:>5} {e.no:>5} {e.helpful_rate:>8.0%} {e.wilson_lower:>9.0%}  {reasons}")
    if len(report.languages) > 1:
        lines += ["", f"{'language':<10} {'votes':>6} {'helpful':>8} {'searches':>9} {'in vain':>8}"]
        lines += [f"{l['language']:<10} {l['votes']:>6} {_rate(l['helpful_rate']):>8} "
                  f"{l['searches']:>9} {l['searches_without_results']:>8}" for l in report.languages]
    lines.append("")
    lines.append("searches without results:")
    lines += [f"  {s['count']:>5}  {s['query']}" for s in report.searches_without_results] or ["  none"]
    return "\n".join(lines) + "\n"


def as_html(report: Report) -> str:
    """One self-contained page: inline SVG charts, every writer- or reader-supplied text escaped."""
    e = html.escape
    bars = report.pages[:20]
    height = 24 * len(bars) + 10
    rate_chart = [f'<svg role="img" aria-label="Helpful rate by answer" viewBox="0 0 640 {height}" width="640" height="{height}">']
    for n, entry in enumerate(bars):
        y = 5 + 24 * n
        label = entry.title or entry.page + (f"#{entry.question}" if entry.question else "")
        rate_chart.append(f'<text x="0" y="{y + 15}" font-size="12">{e(label[:40])}</text>'
                          f'<rect x="300" y="{y + 3}" width="{300 * entry.helpful_rate:.1f}" height="16" fill="#2563eb"/>'
                          f'<text x="{305 + 300 * entry.helpful_rate:.1f}" y="{y + 15}" font-size="12">{entry.helpful_rate:.0%} ({entry.yes + entry.no})</text>')
    rate_chart.append("</svg>")
    weeks = report.votes_per_week
    top = max((w["votes"] for w in weeks), default=1)
    week_chart = ['<svg role="img" aria-label="Votes per week" viewBox="0 0 640 180" width="640" height="180">']
    width = 600 / max(len(weeks), 1)
    for n, week in enumerate(weeks):
        h = 140 * week["votes"] / top
        week_chart.append(f'<rect x="{20 + n * width:.1f}" y="{150 - h:.1f}" width="{max(width - 4, 1):.1f}" height="{h:.1f}" fill="#15803d">'
                          f'<title>{e(week["week"])}: {week["votes"]}</title></rect>')
    week_chart.append("</svg>")
    rows = []
    for entry in report.pages:
        comments = "".join(f"<li>{e(c['date'])}: {e(c['comment'])}</li>" for c in entry.comments)
        reasons = ", ".join(f"{e(r)} {n}" for r, n in entry.reasons.items())
        name = e((f"{entry.language}: " if entry.language else "") + entry.page + (f"#{entry.question}" if entry.question else ""))
        rows.append(f"<tr><td>{e(entry.title)}<br><code>{name}</code></td><td>{entry.yes}</td><td>{entry.no}</td>"
                    f"<td>{entry.helpful_rate:.0%}</td><td>{entry.wilson_lower:.0%}</td><td>{reasons}</td><td><ul>{comments}</ul></td></tr>")
    searches = "".join(f"<tr><td>{e(s['query'])}</td><td>{s['count']}</td></tr>" for s in report.searches_without_results)
    languages = "".join(f"<tr><td>{e(l['language'])}</td><td>{l['votes']}</td><td>{_rate(l['helpful_rate'])}</td>"
                        f"<td>{l['searches']}</td><td>{l['searches_without_results']}</td></tr>" for l in report.languages)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feedback report</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:start}}ul{{margin:0;padding-inline-start:1rem}}svg{{max-width:100%;height:auto}}</style>
</head><body>
<h1>Feedback report{f" since {e(report.since)}" if report.since else ""}</h1>
<h2>Helpful rate, worst first</h2>
{"".join(rate_chart)}
<h2>Votes per week</h2>
{"".join(week_chart)}
<h2>Answers</h2>
<table><thead><tr><th>answer</th><th>yes</th><th>no</th><th>helpful</th><th>at least (95%)</th><th>reasons</th><th>latest comments</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Searches without results</h2>
<table><thead><tr><th>query</th><th>count</th></tr></thead><tbody>{searches}</tbody></table>
<h2>By language</h2>
<table><thead><tr><th>language</th><th>votes</th><th>helpful</th><th>searches</th><th>without results</th></tr></thead><tbody>{languages}</tbody></table>
</body></html>
"""
