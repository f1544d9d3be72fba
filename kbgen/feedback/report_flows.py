"""The troubleshooter part of the report: per flow its visits and outcomes, and per step how many
visits reached it, how many left there (its drop-off), and for a solution step how often it solved
the problem. Visits of the window before count only towards `previous_visits` and the totals."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .report_model import FlowEntry, FlowStep
from .report_site import SiteIndex, Sources
from .report_stats import day_of, rate, wilson
from .validate import OUTCOMES


@dataclass
class _FlowCounts:
    visits: int = 0
    outcomes: Counter = field(default_factory=Counter)
    articles: Counter = field(default_factory=Counter)
    reached: Counter = field(default_factory=Counter)    # insertion order: order of first appearance
    left: Counter = field(default_factory=Counter)
    solved: Counter = field(default_factory=Counter)
    not_solved: Counter = field(default_factory=Counter)


@dataclass
class FlowTotals:
    """Every flow together, one window: for the totals and the per-language table."""
    visits: int = 0
    solved: int = 0
    not_solved: int = 0
    per_language: Counter = field(default_factory=Counter)
    per_flow: Counter = field(default_factory=Counter)
    solved_per_flow: Counter = field(default_factory=Counter)
    not_solved_per_flow: Counter = field(default_factory=Counter)


def flow_report(visits, first: int | None, last: int, previous_first: int | None, language: str | None,
                site: SiteIndex | None, titles: dict, flow_steps: dict[str, list[tuple[str, str, str]]],
                sources: Sources | None = None) -> tuple[list[FlowEntry], FlowTotals, FlowTotals | None]:
    """`visits`: the store's flow_visits() rows; `first`..`last`: the window's day numbers (first None:
    from the first visit); `previous_first`: the first day of the window before (None: no such window)."""
    counts: dict[str, _FlowCounts] = defaultdict(_FlowCounts)
    current, previous = FlowTotals(), FlowTotals() if previous_first is not None else None
    wanted = language.lower() if language is not None else None
    for row in visits:
        day = day_of(row["received"])
        if day > last:
            continue
        if first is None or day >= first:
            totals = current
        elif previous is not None and day >= previous_first:
            totals = previous
        else:
            continue
        if wanted is not None and (row["locale"] or "").lower() != wanted:
            continue
        steps = json.loads(row["steps"])
        if not steps:
            continue
        outcome, flow_id = row["outcome"], row["flow"]
        totals.visits += 1
        totals.per_language[row["locale"] or "?"] += 1
        totals.per_flow[flow_id] += 1
        if outcome == "solved":
            totals.solved += 1
            totals.solved_per_flow[flow_id] += 1
        elif outcome == "not_solved":
            totals.not_solved += 1
            totals.not_solved_per_flow[flow_id] += 1
        if totals is previous:
            continue
        flow, last_step = counts[flow_id], steps[-1]
        flow.visits += 1
        flow.outcomes[outcome] += 1
        if outcome == "article" and row["article"]:
            flow.articles[row["article"]] += 1
        flow.reached.update(dict.fromkeys(steps, 1))  # once per visit, however often the reader came back
        if outcome == "left":
            flow.left[last_step] += 1
        elif outcome == "solved":
            flow.solved[last_step] += 1
        elif outcome == "not_solved":
            flow.not_solved[last_step] += 1
    entries = [_entry(flow_id, c, language, site, titles, flow_steps.get(flow_id, []), previous, sources)
               for flow_id, c in counts.items()]
    return sorted(entries, key=lambda f: (-f.visits, f.flow)), current, previous


def _entry(flow_id: str, c: _FlowCounts, language: str | None, site: SiteIndex | None, titles: dict,
           known: list[tuple[str, str, str]], previous: FlowTotals | None, sources: Sources | None) -> FlowEntry:
    order = list(known)
    seen = {step for step, _, _ in known}
    order += [(step, "", None) for step in c.reached if step not in seen]
    steps = []
    for step, label, kind in order:
        entry = FlowStep(step, label, kind, reached=c.reached[step], left_here=c.left[step],
                         drop_off_rate=rate(c.left[step], c.reached[step]))
        yes, no = c.solved[step], c.not_solved[step]
        if entry.kind is None and yes + no:
            entry.kind = "solution"  # only a solution step asks "Did this solve your problem?"
        if entry.kind == "solution" or yes + no:
            entry.solved, entry.not_solved = yes, no
            entry.solved_rate = rate(yes, yes + no)
            if yes + no:  # no answers yet: no bounds to show (not "at least 0%")
                low, high = wilson(yes, yes + no)
                entry.wilson_lower, entry.wilson_upper = round(low, 4), round(high, 4)
        steps.append(entry)
    solved, not_solved = c.outcomes["solved"], c.outcomes["not_solved"]
    item = site.item(language, flow_id) if site is not None else None
    title = item.title if item is not None else \
        (titles.get((language, flow_id)) if language else None) or titles.get((None, flow_id), "")
    found = sources.of(language, flow_id) if sources is not None else None
    return FlowEntry(
        flow_id, title, item.url if item is not None else None,
        (found or {}).get("source") or (item.source if item is not None else None),
        (found or {}).get("owner") or (item.owner if item is not None else None),
        c.visits, outcomes={o: c.outcomes[o] for o in OUTCOMES},
        contact_rate=round(c.outcomes["contact"] / c.visits, 4),
        solved_rate=rate(solved, solved + not_solved),
        previous_visits=previous.per_flow[flow_id] if previous is not None else None,
        previous_solved_rate=rate(previous.solved_per_flow[flow_id],
                                  previous.solved_per_flow[flow_id] + previous.not_solved_per_flow[flow_id])
        if previous is not None else None,
        articles=dict(sorted(c.articles.items(), key=lambda i: (-i[1], i[0]))), steps=steps)
