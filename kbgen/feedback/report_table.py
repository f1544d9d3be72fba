"""The report as text for a terminal. Every writer- or reader-supplied text goes through
`report_text.visible`, so a comment holding escape sequences cannot rewrite the terminal."""
from __future__ import annotations

from .report_model import FlowEntry, Report
from .report_text import count_or_dash, percent, visible
from .validate import OUTCOMES

SHOWN = 20  # rows per search table; the CSV and JSON have them all


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _change(now, before, kind: str) -> str:
    if now is None or before is None:
        return "-"
    if kind == "rate":
        return f"{(now - before) * 100:+.1f} pts"
    return f"{now - before:+,}"


def _totals(report: Report) -> list[str]:
    now, before = report.totals["current"], report.totals["previous"]
    rows = [("votes", "votes", "count"), ("helpful rate", "helpful_rate", "rate"), ("searches", "searches", "count"),
            ("without results", "searches_without_results", "count"), ("no-result share", "no_results_rate", "rate"),
            ("troubleshooter visits", "flow_visits", "count"), ("solved rate", "flow_solved_rate", "rate")]
    lines = [f"{'':<22} {'now':>9} {'before':>9} {'change':>10}"]
    for label, key, kind in rows:
        show = percent if kind == "rate" else (lambda v: "-" if v is None else f"{v:,}")
        lines.append(f"{label:<22} {show(now[key]):>9} {show(before[key]) if before else '-':>9} "
                     f"{_change(now[key], before[key] if before else None, kind):>10}")
    return lines


def _window(report: Report) -> str:
    span = f"{report.since} to {report.until} ({report.days} days)" if report.since else f"until {report.until}"
    before = f", compared with {report.previous['since']} to {report.previous['until']}" if report.previous else ""
    one = f", language {visible(report.language)}" if report.language else ""
    return f"Feedback report {span}{before}{one}"


def _answer_name(report: Report, e) -> str:
    prefix = f"{e.language}: " if len(report.languages) > 1 and e.language else ""
    return visible(prefix + e.answer_id)


def _more(rows: list, shown: int = SHOWN) -> list[str]:
    return [f"  … {len(rows) - shown} more (--format csv or json has them all)"] if len(rows) > shown else []


def as_table(report: Report) -> str:
    lines = [_window(report), ""] + _totals(report) + [""]
    lines.append("answers, needs work first (score: at least unhelpful x log2(1 + votes)):")
    lines.append(f"  {'answer':<46} {'yes':>5} {'no':>5} {'helpful':>8} {'unhelpful':>9} {'score':>6} {'before':>7}  reasons")
    for e in report.pages:
        reasons = ", ".join(f"{visible(r)} {n}" for r, n in e.reasons.items())
        lines.append(f"  {_fit(_answer_name(report, e), 46):<46} {e.yes:>5} {e.no:>5} {e.helpful_rate:>8.0%} "
                     f"{e.unhelpful_lower:>9.0%} {e.score:>6.2f} {percent(e.previous_helpful_rate):>7}  {reasons}".rstrip())
        if e.comments:
            lines.append(f"      latest comment ({e.comments[0]['date']}): {visible(e.comments[0]['comment'])}")
    if not report.pages:
        lines.append("  none")
    if len(report.languages) > 1:
        lines += ["", f"{'language':<10} {'votes':>6} {'helpful':>8} {'searches':>9} {'in vain':>8} {'visits':>7}"]
        lines += [f"{_fit(visible(l['language']), 10):<10} {l['votes']:>6} {percent(l['helpful_rate']):>8} "
                  f"{l['searches']:>9} {l['searches_without_results']:>8} {l['flow_visits']:>7}" for l in report.languages]
    lines += ["", "top searches:", f"  {'count':>5} {'results':>7} {'opened':>6}  query -> most opened"]
    for s in report.searches[:SHOWN]:
        led = f" -> {visible(s['top_clicked_title'] or s['top_clicked'])} ({s['top_clicked_count']})" if s["top_clicked"] else ""
        lines.append(f"  {s['count']:>5} {s['results']:>7} {s['clicks']:>6}  {visible(s['query'])}{led}")
    lines += _more(report.searches) or ([] if report.searches else ["  none"])
    lines += ["", "searches without results:"]
    lines += [f"  {s['count']:>5}  {visible(s['query'])}" for s in report.searches_without_results[:SHOWN]] or ["  none"]
    lines += _more(report.searches_without_results)
    lines += ["", f"searches with results nobody opened (at least {report.min_searches} searches):"]
    lines += [f"  {s['count']:>5}  {visible(s['query'])} ({s['results']} results)"
              for s in report.searches_unopened[:SHOWN]] or ["  none"]
    lines += _more(report.searches_unopened)
    lines.append("")
    lines.append("troubleshooters:")
    lines += _flow_table(report.flows) or ["  none"]
    return "\n".join(lines) + "\n"


def _outcomes(flow: FlowEntry) -> str:
    return ", ".join(f"{o.replace('_', ' ')} {flow.outcomes.get(o, 0)}" for o in OUTCOMES)


def solved_text(flow: FlowEntry) -> str:
    done = flow.outcomes.get("solved", 0) + flow.outcomes.get("not_solved", 0)
    return f"{percent(flow.solved_rate)} ({flow.outcomes.get('solved', 0)} of {done})"


def _flow_table(flows: list[FlowEntry]) -> list[str]:
    lines = []
    for f in flows:
        before = f", {f.previous_visits} the window before" if f.previous_visits is not None else ""
        lines.append(f"  {visible(f.flow)}" + (f"  {visible(f.title)}" if f.title else ""))
        lines.append(f"    {f.visits} visits, solved {solved_text(f)}, contact {percent(f.contact_rate)}; {_outcomes(f)}{before}")
        lines.append(f"    {'step':<28} {'reached':>7} {'left here':>9} {'drop-off':>8} {'solved':>6} {'not solved':>10} "
                     f"{'solved rate':>11} {'at least':>8}  label")
        for st in f.steps:
            lines.append(f"    {_fit(visible(st.step), 28):<28} {st.reached:>7} {st.left_here:>9} {percent(st.drop_off_rate):>8} "
                         f"{count_or_dash(st.solved):>6} {count_or_dash(st.not_solved):>10} {percent(st.solved_rate):>11} "
                         f"{percent(st.wilson_lower):>8}  {visible(st.label)}".rstrip())
    return lines
