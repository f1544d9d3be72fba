"""`kbgen feedback report`: which answers fail customers, what they searched for in vain, and where
readers give up in a troubleshooter.

One entry per article and one per FAQ answer (a vote names one or the other, so no vote is
counted twice). Entries are sorted worst first by the upper end of the 95% Wilson interval of
their helpful rate: a page is only near the top once its votes make it clearly bad, so three
votes are not over-read in either direction.

A troubleshooter (flow) gets a section of its own: visits, outcomes, and per step how many visits
reached it, how many left there, and for a solution step how often it solved the problem.
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
from .validate import OUTCOMES

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
class FlowStep:
    step: str
    label: str = ""              # the step's question, or "Solution: <first words>" (from the site)
    kind: str | None = None      # "question" or "solution" (from the site, else a solution if an outcome says so)
    reached: int = 0             # visits that took this step (once per visit, however often they came back)
    left_here: int = 0           # visits that ended here with the outcome "left"
    solved: int | None = None    # solution steps: visits that ended here solved / not solved
    not_solved: int | None = None
    solved_rate: float | None = None
    wilson_lower: float | None = None
    wilson_upper: float | None = None


@dataclass
class FlowEntry:
    flow: str
    title: str = ""
    visits: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)   # every outcome, zeros included
    contact_rate: float = 0.0                                 # contact / visits
    solved_rate: float | None = None                          # solved / (solved + not solved); None without either
    articles: dict[str, int] = field(default_factory=dict)    # articles the flow sent readers to, most first
    steps: list[FlowStep] = field(default_factory=list)       # site order, then steps the site no longer has


@dataclass
class Report:
    pages: list[PageEntry]
    searches_without_results: list[dict]
    votes_per_week: list[dict]
    since: str | None = None
    languages: list[dict] = field(default_factory=list)  # per language: votes, helpful rate, searches, in vain
    flows: list[FlowEntry] = field(default_factory=list)  # most visited first

    def to_dict(self) -> dict:
        return {"since": self.since, "languages": self.languages, "pages": [asdict(p) for p in self.pages],
                "searches_without_results": self.searches_without_results, "votes_per_week": self.votes_per_week,
                "flows": [asdict(f) for f in self.flows]}


def build_report(store: Store, since: dt.date | None = None, titles: dict | None = None,
                 language: str | None = None, flow_steps: dict[str, list[tuple[str, str, str]]] | None = None) -> Report:
    """`titles`: (language, id) -> title from a built site's kb.json; `language`: only its events;
    `flow_steps`: flow id -> [(step id, label, kind)] in the site's order (`flow_steps_from_site`)."""
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
        flows=_flows(store, start, titles, language, flow_steps or {}),
    )


@dataclass
class _FlowCounts:
    visits: int = 0
    outcomes: Counter = field(default_factory=Counter)
    articles: Counter = field(default_factory=Counter)
    reached: Counter = field(default_factory=Counter)    # insertion order: order of first appearance
    left: Counter = field(default_factory=Counter)
    solved: Counter = field(default_factory=Counter)
    not_solved: Counter = field(default_factory=Counter)


def _flows(store: Store, start: int, titles: dict, language: str | None,
           flow_steps: dict[str, list[tuple[str, str, str]]]) -> list[FlowEntry]:
    counts: dict[str, _FlowCounts] = defaultdict(_FlowCounts)
    for row in store.flow_visits():
        if row["received"] < start or (language is not None and (row["locale"] or "").lower() != language.lower()):
            continue
        steps = json.loads(row["steps"])
        if not steps:
            continue
        flow, outcome, last = counts[row["flow"]], row["outcome"], steps[-1]
        flow.visits += 1
        flow.outcomes[outcome] += 1
        if outcome == "article" and row["article"]:
            flow.articles[row["article"]] += 1
        flow.reached.update(dict.fromkeys(steps, 1))  # once per visit, however often the reader came back
        if outcome == "left":
            flow.left[last] += 1
        elif outcome == "solved":
            flow.solved[last] += 1
        elif outcome == "not_solved":
            flow.not_solved[last] += 1
    entries = []
    for flow_id, c in counts.items():
        known = flow_steps.get(flow_id, [])
        order = [(step, label, kind) for step, label, kind in known]
        seen = {step for step, _, _ in known}
        order += [(step, "", None) for step in c.reached if step not in seen]
        steps = []
        for step, label, kind in order:
            entry = FlowStep(step, label, kind, reached=c.reached[step], left_here=c.left[step])
            yes, no = c.solved[step], c.not_solved[step]
            if entry.kind is None and yes + no:
                entry.kind = "solution"  # only a solution step asks "Did this solve your problem?"
            if entry.kind == "solution" or yes + no:
                entry.solved, entry.not_solved = yes, no
                entry.solved_rate = round(yes / (yes + no), 4) if yes + no else None
                if yes + no:  # no answers yet: no bounds to show (not "at least 0%")
                    low, high = wilson(yes, yes + no)
                    entry.wilson_lower, entry.wilson_upper = round(low, 4), round(high, 4)
            steps.append(entry)
        solved, not_solved = c.outcomes["solved"], c.outcomes["not_solved"]
        title = (titles.get((language, flow_id)) if language else None) or titles.get((None, flow_id), "")
        entries.append(FlowEntry(
            flow_id, title, c.visits, outcomes={o: c.outcomes[o] for o in OUTCOMES},
            contact_rate=round(c.outcomes["contact"] / c.visits, 4),
            solved_rate=round(solved / (solved + not_solved), 4) if solved + not_solved else None,
            articles=dict(sorted(c.articles.items(), key=lambda i: (-i[1], i[0]))), steps=steps))
    return sorted(entries, key=lambda f: (-f.visits, f.flow))


def titles_from_site(site_dir: Path) -> dict[tuple[str | None, str], str]:
    """(language, id) -> title; a translation shares its original's id."""
    data = json.loads((Path(site_dir) / "kb.json").read_text(encoding="utf-8"))
    titles: dict[tuple[str | None, str], str] = {}
    for item in data["items"]:
        titles[(item.get("language"), item["id"])] = item["title"]
        titles.setdefault((None, item["id"]), item["title"])
    return titles


def flow_steps_from_site(site_dir: Path, language: str | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """flow id -> [(step id, label, "question" or "solution")] in the order of the flow in kb.json. A
    label is the step's question, or "Solution: " and the first words of the step's title if kb.json
    gives one, else of its solution (plain text). Translations share
    their flow's id: `language`'s labels come first, other languages only add the steps it lacks."""
    data = json.loads((Path(site_dir) / "kb.json").read_text(encoding="utf-8"))
    items = [item for item in data["items"] if item.get("type") == "flow"]
    if language is not None:  # its own labels first (sorted is stable: file order otherwise)
        items.sort(key=lambda item: (item.get("language") or "").lower() != language.lower())
    flows: dict[str, dict[str, tuple[str, str, str]]] = {}
    for item in items:
        steps = flows.setdefault(item["id"], {})
        for step in (item.get("flow") or {}).get("steps") or ():
            if step["id"] in steps:
                continue
            if "solution" in step:
                words = str(step.get("title") or step["solution"] or "").split()  # a step's title: its first words
                label = "Solution: " + " ".join(words[:8]) + (" …" if len(words) > 8 else "")
                steps[step["id"]] = (step["id"], label, "solution")
            else:
                steps[step["id"]] = (step["id"], " ".join(str(step.get("question") or "").split()), "question")
    return {flow: list(steps.values()) for flow, steps in flows.items()}


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
    writer.writerow([])
    writer.writerow(["flow", "flow_title", "step", "reached", "left_here", "solved", "not_solved", "solved_rate",
                     "wilson_lower", "wilson_upper", "kind", "label"])
    blank = lambda value: "" if value is None else value  # noqa: E731
    for f in report.flows:
        for st in f.steps:
            writer.writerow([f.flow, f.title, st.step, st.reached, st.left_here, blank(st.solved), blank(st.not_solved),
                             blank(st.solved_rate), blank(st.wilson_lower), blank(st.wilson_upper), blank(st.kind), st.label])
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
    lines.append("")
    lines.append("troubleshooters:")
    lines += _flow_table(report.flows) or ["  none"]
    return "\n".join(lines) + "\n"


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _outcomes(flow: FlowEntry) -> str:
    return ", ".join(f"{o.replace('_', ' ')} {flow.outcomes.get(o, 0)}" for o in OUTCOMES)


def _solved(flow: FlowEntry) -> str:
    done = flow.outcomes.get("solved", 0) + flow.outcomes.get("not_solved", 0)
    return f"{_rate(flow.solved_rate)} ({flow.outcomes.get('solved', 0)} of {done})"


def _flow_table(flows: list[FlowEntry]) -> list[str]:
    lines = []
    for f in flows:
        lines.append(f"  {f.flow}" + (f"  {f.title}" if f.title else ""))
        lines.append(f"    {f.visits} visits, solved {_solved(f)}, contact {_rate(f.contact_rate)}; {_outcomes(f)}")
        lines.append(f"    {'step':<28} {'reached':>7} {'left here':>9} {'solved':>6} {'not solved':>10} {'solved rate':>11} {'at least':>8}  label")
        for st in f.steps:
            lines.append(f"    {st.step[:28]:<28} {st.reached:>7} {st.left_here:>9} {_count(st.solved):>6} {_count(st.not_solved):>10} "
                         f"{_rate(st.solved_rate):>11} {_rate(st.wilson_lower):>8}  {st.label}".rstrip())
    return lines


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
    flows = "".join(_flow_html(f) for f in report.flows) or "<p>No troubleshooter visits.</p>"
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
<h2>Troubleshooters</h2>
{flows}
</body></html>
"""


FUNNEL_BARS = 40


def _flow_html(flow: FlowEntry) -> str:
    """A troubleshooter's section: figures, a funnel of the readers reaching each step, the step table."""
    e = html.escape
    name = flow.title or flow.flow
    shown = flow.steps[:FUNNEL_BARS]
    height = 24 * len(shown) + 10
    chart = [f'<svg role="img" aria-label="{e(f"Readers reaching each step of {name}")}" viewBox="0 0 640 {height}" '
             f'width="640" height="{height}">']
    for n, st in enumerate(shown):
        y = 5 + 24 * n
        share = st.reached / flow.visits if flow.visits else 0.0
        label = st.label or st.step
        chart.append(f'<text x="0" y="{y + 15}" font-size="12">{e(label[:40])}</text>'
                     f'<rect x="300" y="{y + 3}" width="{260 * share:.1f}" height="16" fill="#7c3aed">'
                     f'<title>{e(st.step)}: {st.reached} of {flow.visits}</title></rect>'
                     f'<text x="{305 + 260 * share:.1f}" y="{y + 15}" font-size="12">{st.reached} ({share:.0%})</text>')
    chart.append("</svg>")
    more = f"<p>{len(flow.steps) - FUNNEL_BARS} more steps in the table.</p>" if len(flow.steps) > FUNNEL_BARS else ""
    rows = "".join(
        f"<tr><td>{e(st.label)}<br><code>{e(st.step)}</code></td><td>{st.reached}</td><td>{st.left_here}</td>"
        f"<td>{_count(st.solved)}</td><td>{_count(st.not_solved)}</td><td>{_rate(st.solved_rate)}</td>"
        f"<td>{_rate(st.wilson_lower)}</td></tr>" for st in flow.steps)
    articles = ", ".join(f"<code>{e(a)}</code> {n}" for a, n in flow.articles.items())
    return (f'<section class="flow"><h3>{e(name)}{f" <code>{e(flow.flow)}</code>" if flow.title else ""}</h3>\n'
            f"<p>{flow.visits} visits · solved {e(_solved(flow))} · contact {_rate(flow.contact_rate)} · {e(_outcomes(flow))}"
            f"{f' · articles followed: {articles}' if articles else ''}</p>\n"
            f'{"".join(chart)}\n{more}'
            f"<table><thead><tr><th>step</th><th>reached</th><th>left here</th><th>solved</th><th>not solved</th>"
            f"<th>solved rate</th><th>at least (95%)</th></tr></thead><tbody>{rows}</tbody></table></section>\n")
