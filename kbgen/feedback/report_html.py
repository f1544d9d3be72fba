"""The report as one self-contained HTML page a support lead opens on Monday: the window against
the one before, the answers that need work first (linked to their pages, with source file, owner
and a weekly trend each), search analytics, languages and troubleshooters. Inline CSS and SVG only:
no script, no external asset. Every writer- or reader-supplied text is escaped."""
from __future__ import annotations

from .report_model import FlowEntry, PageEntry, Report
from .report_svg import day_label, e, funnel, trend_chart, weekly_bars
from .report_text import count_or_dash, percent
from .validate import OUTCOMES

NEEDS_WORK = 10     # answers in "needs work first"
SHOWN = 25          # rows per search table (the CSV and JSON have them all)
FUNNEL_BARS = 40
COMMENTS_SHOWN = 3

CSS = """
:root{color-scheme:light;--ink:#1f2937;--muted:#5b6472;--line:#d8dde4;--soft:#f4f6f8;--good:#15803d;--bad:#b91c1c;
--found:#2563eb;--vain:#d97706;--flow:#7c3aed}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);max-width:72rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.25rem;margin:2.4rem 0 .6rem;padding-top:.6rem;border-top:2px solid var(--line)}
h3{font-size:1.05rem;margin:1.6rem 0 .4rem}
a{color:#1d4ed8}code{font-size:.85em;background:var(--soft);padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}
.window{color:var(--muted);margin:0}.note{color:var(--muted);font-size:.9rem;margin:.2rem 0 .8rem}
nav.toc{display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:.8rem 0 0;font-size:.9rem}nav.toc a{white-space:nowrap}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.6rem;margin:1.2rem 0 0;padding:0;list-style:none}
.card{border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;background:#fff}
.card .label{color:var(--muted);font-size:.85rem}.card .value{font-size:1.6rem;font-weight:650;line-height:1.2}
.card .was{font-size:.85rem;color:var(--muted)}
.change{font-weight:600;white-space:nowrap}.change.good{color:var(--good)}.change.bad{color:var(--bad)}.change.same{color:var(--muted)}
ol.work{list-style:none;padding:0;margin:0;counter-reset:work}
.answer{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,360px);gap:.4rem 1.2rem;border:1px solid var(--line);
border-radius:8px;padding:.8rem 1rem;margin:0 0 .8rem;counter-increment:work}
.answer h3{margin:0;font-size:1.05rem}.answer h3::before{content:counter(work) ". ";color:var(--muted)}
.answer .meta,.answer .figures{margin:.2rem 0;font-size:.9rem}.answer .meta{color:var(--muted)}
.answer .figures strong{font-size:1.05rem}
.answer ul.comments{margin:.4rem 0 0;padding-inline-start:1.1rem;font-size:.9rem}
.answer .trend-box{align-self:start}
@media (max-width:760px){.answer{grid-template-columns:minmax(0,1fr)}}
.scroll{overflow-x:auto;margin:0 0 .6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:start}
th{background:var(--soft);font-weight:600;white-space:nowrap}td.n,th.n{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}
td ul{margin:0;padding-inline-start:1rem}table.narrow{width:auto;min-width:min(100%,30rem)}table.wide{min-width:46rem}table.wide td:first-child{min-width:13rem}
svg.chart{display:block;width:100%;height:auto;margin:.4rem 0}
svg.trend{max-width:360px}svg.bars{max-width:520px}svg.funnel{max-width:540px}
svg text{fill:var(--ink)}svg .axis text{fill:var(--muted)}svg .title{fill:var(--muted);font-style:italic}
svg .grid{stroke:var(--line);stroke-width:1}svg .axis-line,svg .tick{stroke:var(--muted);stroke-width:1}
svg .before{fill:var(--soft)}svg .note{fill:var(--muted);font-size:10px}svg.funnel .axis.y text{fill:var(--ink)}svg .left{fill:var(--bad)}
svg .line{fill:none;stroke:var(--found);stroke-width:2}svg .point{fill:var(--found)}
svg .yes{fill:var(--good)}svg .no{fill:var(--bad)}svg .found{fill:var(--found)}svg .vain{fill:var(--vain)}svg .bar{fill:var(--flow)}
.empty{color:var(--muted);font-style:italic}
.weekly{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr));gap:0 2rem}
.weekly h3{margin-top:.4rem}
section.flow{margin:0 0 1.6rem}
details.all summary{cursor:pointer;color:#1d4ed8;margin:0 0 .6rem}
@media print{nav.toc{display:none}.answer{break-inside:avoid}details.all summary{display:none}}
"""


# On a phone, a wide table's rows become small blocks: the first cell on its own line, the numbers
# after it, each named by its column (CSS only: the cells stay as they are for every other screen).
STACKED = {"searches": ["searches", "results", "opened", ""],
           "steps": ["reached", "left here", "drop-off", "solved", "not solved", "solved rate", "at least"],
           "answers": ["yes", "no", "helpful", "unhelpful ≥", "score", "before", "reasons:", ""]}
CSS += "@media (max-width:640px){table.stack{min-width:0}table.stack thead{display:none}" \
       "table.stack,table.stack tbody,table.stack tr{display:block}" \
       "table.stack tr{padding:.5rem 0;border-bottom:1px solid var(--line)}" \
       "table.stack td{display:inline-block;border:0;padding:.05rem .9rem .05rem 0}" \
       "table.stack td:first-child{display:block;min-width:0;font-weight:600}table.stack td.n{text-align:start}" \
       "table.stack td::before{color:var(--muted);font-size:.85em}" \
       "table.searches td:last-child,table.answers td:last-child{display:block}" + "".join(
           f'table.{name} td:nth-child({n + 2})::before{{content:"{label} "}}'
           for name, labels in STACKED.items() for n, label in enumerate(labels) if label) + "}\n"


def _n(value) -> str:
    return "-" if value is None else f"{value:,}"


def _link(text: str, url: str | None) -> str:
    return f'<a href="{e(url)}">{e(text)}</a>' if url else e(text)


def _change(now, before, kind: str, better: str | None) -> str:
    """A change badge: `better` "up" or "down" says which way is good (None: neither)."""
    if now is None or before is None:
        return '<span class="change same">no data before</span>'
    delta = now - before
    if kind == "rate":
        text = f"{delta * 100:+.1f} pts"
        tiny = abs(delta) < 0.0005
    else:
        text = f"{delta:+,}" + (f" ({delta / before:+.0%})" if before else "")
        tiny = delta == 0
    mood = "same" if tiny or better is None else ("good" if (delta > 0) == (better == "up") else "bad")
    arrow = "" if tiny else ("▲ " if delta > 0 else "▼ ")
    return f'<span class="change {mood}">{arrow}{e(text)}</span>'


def _cards(report: Report) -> str:
    now, before = report.totals["current"], report.totals["previous"] or {}
    cards = [("Votes", "votes", "count", None, None), ("Helpful rate", "helpful_rate", "rate", "up", "yes"),
             ("Searches", "searches", "count", None, None),
             ("Searches without results", "no_results_rate", "rate", "down", "searches_without_results"),
             ("Troubleshooter visits", "flow_visits", "count", None, None),
             ("Troubleshooters solved", "flow_solved_rate", "rate", "up", "flow_solved")]
    out = ['<ul class="cards">']
    for label, key, kind, better, count in cards:
        show = percent if kind == "rate" else _n
        value = show(now[key])
        detail = {"yes": f"{now['yes']:,} of {now['votes']:,}", "searches_without_results": f"{now['searches_without_results']:,} searches",
                  "flow_solved": f"{now['flow_solved']:,} of {now['flow_solved'] + now['flow_not_solved']:,}"}.get(count)
        was = f"before: {show(before.get(key))}" if report.totals["previous"] else ""
        out.append(f'<li class="card"><div class="label">{e(label)}</div><div class="value">{e(value)}</div>'
                   f'<div class="was">{e(detail) + " · " if detail else ""}{e(was)}</div>'
                   f'{_change(now[key], before.get(key), kind, better) if report.totals["previous"] else ""}</li>')
    out.append("</ul>")
    return "".join(out)


def _answer_name(entry: PageEntry) -> str:
    return entry.title or entry.answer_id


def _answer_code(report: Report, entry: PageEntry) -> str:
    """The answer's id, with its language when the report has several."""
    return (f"{entry.language}: " if entry.language and len(report.languages) > 1 else "") + entry.answer_id


def _needs_work(report: Report) -> str:
    worst = [p for p in report.pages if p.score > 0][:NEEDS_WORK]
    if not worst:
        return '<p class="empty">No answer was voted unhelpful in this window.</p>'
    items = []
    for entry in worst:
        total = entry.yes + entry.no
        meta = [f"<code>{e(_answer_code(report, entry))}</code>"]
        if entry.source:
            meta.append(f"source <code>{e(entry.source)}</code>")
        if entry.owner:
            meta.append(f"owner {e(entry.owner)}")
        before = (f" · before: {percent(entry.previous_helpful_rate)} ({entry.previous_yes} of {entry.previous_yes + entry.previous_no})"
                  if entry.previous_helpful_rate is not None else "")
        reasons = ", ".join(f"{e(r)} {n}" for r, n in entry.reasons.items())
        comments = "".join(f"<li>{e(c['date'])}: <bdi>{e(c['comment'])}</bdi></li>" for c in entry.comments[:COMMENTS_SHOWN])
        chart = trend_chart(entry.trend, report.weeks, report.since, f"Helpful rate per week of {_answer_name(entry)}")
        items.append(
            f'<li class="answer"><div><h3>{_link(_answer_name(entry), entry.url)}</h3>'
            f'<p class="meta">{" · ".join(meta)}</p>'
            f'<p class="figures"><strong>{percent(entry.helpful_rate)} helpful</strong> ({entry.yes} of {total}) · '
            f'at least {percent(entry.unhelpful_lower)} unhelpful · score {entry.score:.2f}{before}</p>'
            f'{f"<p class=figures>Reasons: {reasons}</p>" if reasons else ""}'
            f'{f"<ul class=comments>{comments}</ul>" if comments else ""}</div>'
            f'<div class="trend-box">{chart}</div></li>')
    return f'<ol class="work">{"".join(items)}</ol>'


def _answers_table(report: Report) -> str:
    rows = []
    for entry in report.pages:
        comments = "".join(f"<li>{e(c['date'])}: <bdi>{e(c['comment'])}</bdi></li>" for c in entry.comments[:1])
        reasons = ", ".join(f"{e(r)} {n}" for r, n in entry.reasons.items())
        name = e(_answer_code(report, entry))
        owner = f"<br>{e(entry.owner)}" if entry.owner else ""
        source = f"<br><code>{e(entry.source)}</code>" if entry.source else ""
        rows.append(f"<tr><td>{_link(entry.title, entry.url) if entry.title else ''}<br><code>{name}</code>{source}{owner}</td>"
                    f'<td class="n">{entry.yes}</td><td class="n">{entry.no}</td><td class="n">{percent(entry.helpful_rate)}</td>'
                    f'<td class="n">{percent(entry.unhelpful_lower)}</td><td class="n">{entry.score:.2f}</td>'
                    f'<td class="n">{percent(entry.previous_helpful_rate)}</td><td>{reasons}</td><td><ul>{comments}</ul></td></tr>')
    if not rows:
        return '<p class="empty">No votes in this window.</p>'
    return (f'<details class="all"><summary>All {len(rows):,} answers voted on, needs work first</summary>'
            '<div class="scroll"><table class="wide stack answers"><thead><tr><th>answer</th><th class="n">yes</th><th class="n">no</th>'
            '<th class="n">helpful</th><th class="n">unhelpful, at least</th><th class="n">score</th><th class="n">before</th>'
            f'<th>reasons</th><th>latest comment</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></details>')


def _table(headers: list[tuple[str, bool]], rows: list[str], empty: str, total: int, narrow: bool = False,
           wide: str | None = None) -> str:
    """A table; `wide`: the class of a wide one (it scrolls on a phone unless CSS stacks its cells, see STACKED)."""
    if not rows:
        return f'<p class="empty">{e(empty)}</p>'
    head = "".join(f'<th{" class=n" if numeric else ""}>{e(h)}</th>' for h, numeric in headers)
    more = f'<p class="note">{total - len(rows):,} more in the CSV and JSON reports.</p>' if total > len(rows) else ""
    css = ' class="narrow"' if narrow else f' class="wide stack {wide}"' if wide else ""
    return f'<div class="scroll"><table{css}><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}'


def _searches(report: Report) -> str:
    top = []
    for s in report.searches[:SHOWN]:
        led = '<span class="note">no results</span>' if not s["results"] else \
            "" if s["clicks"] else '<span class="note">nobody opened a result</span>'
        if s["top_clicked"]:
            name = s["top_clicked_title"] or s["top_clicked"]
            led = f'{_link(name, s["top_clicked_url"])} <span class="note">({s["top_clicked_count"]})</span>'
            if s["top_clicked_title"]:
                led += f'<br><code>{e(s["top_clicked"])}</code>'
        opened = f'{s["clicks"]:,} ({s["clicks"] / s["count"]:.0%})' if s["count"] else "0"
        top.append(f'<tr><td><bdi>{e(s["query"])}</bdi></td><td class="n">{s["count"]:,}</td><td class="n">{s["results"]:,}</td>'
                   f'<td class="n">{opened}</td><td>{led}</td></tr>')
    vain = [f'<tr><td><bdi>{e(s["query"])}</bdi></td><td class="n">{s["count"]:,}</td></tr>'
            for s in report.searches_without_results[:SHOWN]]
    unopened = [f'<tr><td><bdi>{e(s["query"])}</bdi></td><td class="n">{s["count"]:,}</td><td class="n">{s["results"]:,}</td></tr>'
                for s in report.searches_unopened[:SHOWN]]
    return ('<h3 id="top-searches">Top searches</h3>'
            '<p class="note">Opened: searches whose reader opened a result. Led to: the result opened most often.</p>'
            + _table([("query", False), ("searches", True), ("results", True), ("opened", True), ("led to", False)], top,
                     "No searches in this window.", len(report.searches), wide="searches")
            + '<h3 id="no-results">Searches without results</h3>'
            + _table([("query", False), ("searches", True)], vain, "Every search found something.",
                     len(report.searches_without_results), narrow=True)
            + f'<h3 id="unopened">Results nobody opened</h3><p class="note">Queries searched at least {report.min_searches} '
            'times with results, none of which was opened: the results did not look like the answer.</p>'
            + _table([("query", False), ("searches", True), ("results", True)], unopened, "None.", len(report.searches_unopened),
                     narrow=True))


def _weekly(report: Report) -> str:
    """Votes (helpful and not) and searches (with and without results) per week, over both windows."""
    if not report.weeks:
        return '<p class="empty">No votes or searches.</p>'
    votes = weekly_bars([{"week": w["week"], "yes": w["yes"], "no": w["votes"] - w["yes"]} for w in report.votes_per_week],
                        report.weeks, [("yes", "helpful", "yes"), ("no", "not helpful", "no")],
                        "Votes per week, helpful and not", "votes", report.since)
    searches = weekly_bars([{"week": w["week"], "found": w["searches"] - w["without_results"], "vain": w["without_results"]}
                            for w in report.searches_per_week], report.weeks,
                           [("found", "found results", "found"), ("vain", "no results", "vain")],
                           "Searches per week, with and without results", "searches", report.since)
    return (f'<div class="weekly"><div><h3>Votes</h3>{votes}</div><div><h3>Searches</h3>{searches}</div></div>')


def _languages(report: Report) -> str:
    rows = [f'<tr><td>{e(l["language"])}</td><td class="n">{l["votes"]:,}</td><td class="n">{percent(l["helpful_rate"])}</td>'
            f'<td class="n">{l["searches"]:,}</td><td class="n">{l["searches_without_results"]:,}</td>'
            f'<td class="n">{l["flow_visits"]:,}</td></tr>' for l in report.languages]
    return _table([("language", False), ("votes", True), ("helpful", True), ("searches", True), ("without results", True),
                   ("troubleshooter visits", True)], rows, "No events.", len(rows), narrow=True)


def as_html(report: Report) -> str:
    """One self-contained page: inline SVG charts, every writer- or reader-supplied text escaped."""
    span = (f"{day_label(report.since)} – {day_label(report.until)} {report.until[:4]} ({report.days} days)"
            if report.since else f"until {day_label(report.until)} {report.until[:4]}")
    before = (f" · compared with {day_label(report.previous['since'])} – {day_label(report.previous['until'])}"
              if report.previous else "")
    site = f"{report.site_title} · " if report.site_title else ""
    one = f" · language {report.language}" if report.language else ""
    flows = "".join(_flow_html(f) for f in report.flows) or '<p class="empty">No troubleshooter visits.</p>'
    languages = f'<h2 id="languages">By language</h2>{_languages(report)}' if len(report.languages) > 1 else ""
    toc = [("needs-work", "Needs work first"), ("weekly", "Per week"), ("search", "Search")]
    toc += [("languages", "Languages")] if languages else []
    toc += [("troubleshooters", "Troubleshooters"), ("answers", "All answers")]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(site)}Feedback report {e(report.since or "")} – {e(report.until)}</title>
<style>{CSS}</style>
</head><body>
<header><h1>Feedback report</h1>
<p class="window">{e(site)}{e(span)}{e(before)}{e(one)}</p>
<nav class="toc">{"".join(f'<a href="#{anchor}">{e(name)}</a>' for anchor, name in toc)}</nav></header>
{_cards(report)}
<h2 id="needs-work">Needs work first</h2>
<p class="note">Ranked by score = the share of readers who found the answer unhelpful, at least (the lower end of the 95% Wilson
interval of no ÷ votes, so three votes are not over-read) × log2(1 + votes) (more votes weigh more, each doubling adds one).</p>
{_needs_work(report)}
<h2 id="weekly">Per week</h2>
{_weekly(report)}
<h2 id="search">Search</h2>
{_searches(report)}
{languages}
<h2 id="troubleshooters">Troubleshooters</h2>
{flows}
<h2 id="answers">All answers</h2>
{_answers_table(report)}
</body></html>
"""


def _outcomes(flow: FlowEntry) -> str:
    return ", ".join(f"{o.replace('_', ' ')} {flow.outcomes.get(o, 0)}" for o in OUTCOMES)


def _solved(flow: FlowEntry) -> str:
    done = flow.outcomes.get("solved", 0) + flow.outcomes.get("not_solved", 0)
    return f"{percent(flow.solved_rate)} ({flow.outcomes.get('solved', 0)} of {done})"


def _flow_html(flow: FlowEntry) -> str:
    """A troubleshooter's section: figures, a funnel of the readers reaching each step, the step table."""
    name = flow.title or flow.flow
    chart = funnel(f"Readers reaching each step of {name}", [(st.step, st.label, st.reached, st.left_here) for st in flow.steps[:FUNNEL_BARS]],
                   flow.visits)
    more = f"<p>{len(flow.steps) - FUNNEL_BARS} more steps in the table.</p>" if len(flow.steps) > FUNNEL_BARS else ""
    rows = "".join(
        f'<tr><td>{e(st.label)}<br><code>{e(st.step)}</code></td><td class="n">{st.reached}</td><td class="n">{st.left_here}</td>'
        f'<td class="n">{percent(st.drop_off_rate)}</td><td class="n">{count_or_dash(st.solved)}</td><td class="n">{count_or_dash(st.not_solved)}</td>'
        f'<td class="n">{percent(st.solved_rate)}</td><td class="n">{percent(st.wilson_lower)}</td></tr>' for st in flow.steps)
    articles = ", ".join(f"<code>{e(a)}</code> {n}" for a, n in flow.articles.items())
    before = f'<p class="note">{flow.previous_visits:,} visits the window before.</p>' if flow.previous_visits is not None else ""
    page = f'<p class="note">{_link("Open the troubleshooter", flow.url)}</p>' if flow.url else ""
    return (f'<section class="flow"><h3>{e(name)}{f" <code>{e(flow.flow)}</code>" if flow.title else ""}</h3>\n{page}'
            f"<p>{flow.visits} visits · solved {e(_solved(flow))} · contact {percent(flow.contact_rate)}</p>\n"
            f"<p>Outcomes: {e(_outcomes(flow))}{f' · articles followed: {articles}' if articles else ''}</p>\n{before}"
            f'{chart}\n{more}'
            '<div class="scroll"><table class="wide stack steps"><thead><tr><th>step</th><th class="n">reached</th><th class="n">left here</th>'
            '<th class="n">drop-off</th><th class="n">solved</th><th class="n">not solved</th><th class="n">solved rate</th>'
            f'<th class="n">at least (95%)</th></tr></thead><tbody>{rows}</tbody></table></div></section>\n')
