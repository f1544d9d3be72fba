"""`kbgen feedback report`: which answers fail customers, what they searched for in vain, and where
readers give up in a troubleshooter, over a window of UTC days compared with the window before it.

The window is `since`..`until`, both days included (the command's default: the 30 days ending
today, `since` = `until` - 29 days). The window before has the same length and ends the day
before `since`; the totals (votes, helpful rate, searches, searches without results,
troubleshooter visits, solved rate) are given for both, with their change.

One entry per article and one per FAQ answer, per language (a vote names one or the other, and a
vote's later events update its row, so no vote is counted twice), for every answer voted on in
the window. Entries are sorted "needs work first" by

    score = wilson_lower(no, total) * log2(1 + total)

the lower end of the 95% Wilson interval of the share of readers who found it unhelpful (at least
that many, so three votes are not over-read), weighted by the logarithm of its votes (volume
counts, each doubling adding one, but traffic alone does not outrank a clearly bad answer). Ties:
more "no" votes first, then by id. An answer without a single "no" scores 0.

Each entry's trend has a point per (Monday-starting) week with votes, over both windows. The search
analytics are `report_searches`'; the troubleshooters `report_flows`'; kb.json's part is
`report_site`'s. Formats: `report_table`, `report_csv`, `report_json`, `report_html`.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from .report_flows import flow_report
from .report_model import FlowEntry, FlowStep, PageEntry, Report
from .report_searches import SearchTally
from .report_site import SiteIndex, Sources, flow_steps_from_site, read_site, titles_from_site
from .report_stats import Z, date_of, day_number, day_of, needs_work_score, rate, week_of, wilson

__all__ = ["FlowEntry", "FlowStep", "PageEntry", "Report", "SiteIndex", "Sources", "Z", "build_report", "default_window",
           "flow_steps_from_site", "read_site", "render", "titles_from_site", "wilson"]

LATEST_COMMENTS = 5
DEFAULT_DAYS = 30


def today() -> dt.date:
    """Today in UTC (the report's days are UTC days)."""
    return dt.datetime.now(dt.timezone.utc).date()


def default_window(since: dt.date | None, until: dt.date | None, days: int = DEFAULT_DAYS) -> tuple[dt.date, dt.date]:
    """The command's window: `until` defaults to today, `since` to `days` days ending with `until`."""
    until = until or today()
    return since or until - dt.timedelta(days=days - 1), until


class _Window:
    """A vote, search or visit belongs to the window (CURRENT), the window before (PREVIOUS) or neither."""

    def __init__(self, since: dt.date | None, until: dt.date):
        self.first = day_number(since) if since is not None else None
        self.last = day_number(until)
        self.days = self.last - self.first + 1 if self.first is not None else None
        self.previous_first = self.first - self.days if self.first is not None else None


def build_report(store, since: dt.date | None = None, titles: dict | None = None, language: str | None = None,
                 flow_steps: dict[str, list[tuple[str, str, str]]] | None = None, *, until: dt.date | None = None,
                 site: SiteIndex | None = None, sources: Sources | None = None, min_searches: int = 3) -> Report:
    """The report of the days `since`..`until` (included; `since` None: from the first event, and then
    no window before; `until` None: today). `store`: anything with `events()` and `flow_visits()`
    giving rows readable by column name. `site`: a built site's `read_site` (titles, URLs, source
    files, flow steps); `sources`: the project's source files and owners (`Sources(answer_sources(dir))`,
    they win over kb.json's); `titles` and `flow_steps` are the older way to give titles and steps;
    `language`: only its events; `min_searches`: how often a query must be searched, with results, to
    be listed among the searches whose results nobody opened."""
    until = until or today()
    if since is not None and since > until:
        raise ValueError(f"the window starts ({since}) after it ends ({until})")
    if site is not None:
        titles = titles if titles is not None else site.titles()
        flow_steps = flow_steps if flow_steps is not None else flow_steps_from_site(site, language)
    titles, flow_steps = titles or {}, flow_steps or {}
    window = _Window(since, until)
    first, last, previous_first = window.first, window.last, window.previous_first
    wanted = language.lower() if language is not None else None

    entries: dict[tuple, PageEntry] = {}
    earlier: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])           # the window before: [yes, no]
    trends: dict[tuple, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    reasons: dict[tuple, Counter] = defaultdict(Counter)
    comments: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    vote_weeks: dict[int, list[int]] = defaultdict(lambda: [0, 0])          # [yes, no]
    search_weeks: dict[int, list[int]] = defaultdict(lambda: [0, 0])        # [searches, without results]
    totals = {"current": Counter(), "previous": Counter()}
    per_language: dict[str, Counter] = defaultdict(Counter)
    searches = SearchTally()
    first_day = None
    for row in store.events():
        day = day_of(row["received"])
        if day > last:
            continue
        current = first is None or day >= first
        if not current and (previous_first is None or day < previous_first):
            continue
        locale = row["locale"]
        if wanted is not None and (locale or "").lower() != wanted:
            continue
        first_day = day if first_day is None or day < first_day else first_day
        counts = totals["current" if current else "previous"]
        week = week_of(day)
        if row["type"] == "search":
            results = row["results"] or 0
            counts["searches"] += 1
            weekly = search_weeks[week]
            weekly[0] += 1
            if not results:
                counts["searches_without_results"] += 1
                weekly[1] += 1
            if row["clicked"]:
                counts["searches_opened"] += 1
            if current:
                spoken = per_language[locale or "?"]
                spoken["searches"] += 1
                if not results:
                    spoken["searches_without_results"] += 1
                searches.add(row["query"] or "", results, row["clicked"])
            continue
        helpful = 1 if row["helpful"] else 0
        key = (row["page"], row["question"], locale)
        counts["votes"] += 1
        counts["yes"] += helpful
        vote_weeks[week][1 - helpful] += 1
        trends[key][week][1 - helpful] += 1
        if not current:
            earlier[key][1 - helpful] += 1
            continue
        spoken = per_language[locale or "?"]
        spoken["votes"] += 1
        spoken["yes"] += helpful
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _new_entry(row["page"], row["question"], locale, titles, site, sources)
        if helpful:
            entry.yes += 1
        else:
            entry.no += 1
        if row["reason"]:
            reasons[key][row["reason"]] += 1
        if row["comment"]:
            comments[key].append((row["received"], row["comment"]))
    for key, entry in entries.items():
        _finish(entry, reasons[key], comments[key], earlier.get(key), trends[key])
    pages = sorted(entries.values(), key=lambda e: (-needs_work_score(e.no, e.yes + e.no), -e.no, e.page, e.question or "", e.language or ""))

    flows, flow_now, flow_before = flow_report(store.flow_visits(), first, last, previous_first, language, site,
                                               titles, flow_steps, sources)
    span_start = previous_first if previous_first is not None else (first if first is not None else first_day)
    weeks = list(range(week_of(span_start), last + 1, 7)) if span_start is not None else []
    languages = sorted(set(per_language) | set(flow_now.per_language))
    return Report(
        pages=pages,
        searches_without_results=searches.without_results(),
        votes_per_week=[{"week": date_of(w).isoformat(), "votes": yes + no, "yes": yes, "helpful_rate": rate(yes, yes + no)}
                        for w, (yes, no) in sorted(vote_weeks.items())],
        since=since.isoformat() if since else None, until=until.isoformat(), days=window.days,
        previous=None if previous_first is None else {"since": date_of(previous_first).isoformat(),
                                                      "until": date_of(first - 1).isoformat()},
        totals=_totals(totals["current"], flow_now, totals["previous"] if previous_first is not None else None, flow_before),
        weeks=[date_of(w).isoformat() for w in weeks],
        searches=searches.top(site), searches_unopened=searches.unopened(min_searches), min_searches=min_searches,
        searches_per_week=[{"week": date_of(w).isoformat(), "searches": n, "without_results": vain}
                           for w, (n, vain) in sorted(search_weeks.items())],
        languages=[{"language": code, "votes": per_language[code]["votes"],
                    "helpful_rate": rate(per_language[code]["yes"], per_language[code]["votes"]),
                    "searches": per_language[code]["searches"],
                    "searches_without_results": per_language[code]["searches_without_results"],
                    "flow_visits": flow_now.per_language[code]} for code in languages],
        flows=flows, site_title=site.title if site is not None else "", language=language,
    )


def _new_entry(page: str, question: str | None, locale: str | None, titles: dict, site: SiteIndex | None,
               sources: Sources | None) -> PageEntry:
    item_id = f"{page}#{question}" if question else page
    item = site.item(locale, item_id) if site is not None else None
    if item is not None:
        entry = PageEntry(page, question, locale, item.title, item.url, item.source, item.owner)
    else:
        entry = PageEntry(page, question, locale, titles.get((locale, item_id)) or titles.get((None, item_id), ""))
    known = sources.of(locale, item_id) if sources is not None else None
    if known is not None:
        entry.source = known.get("source") or entry.source
        entry.owner = known.get("owner") or entry.owner
    return entry


def _finish(entry: PageEntry, reasons: Counter, comments: list[tuple[int, str]], earlier: list[int] | None,
            trend: dict[int, list[int]]) -> None:
    total = entry.yes + entry.no
    entry.helpful_rate = rate(entry.yes, total) or 0.0
    low, high = wilson(entry.yes, total)
    entry.wilson_lower, entry.wilson_upper = round(low, 4), round(high, 4)
    entry.unhelpful_lower = round(wilson(entry.no, total)[0], 4)
    entry.score = round(needs_work_score(entry.no, total), 4)
    if earlier is not None:
        entry.previous_yes, entry.previous_no = earlier
        entry.previous_helpful_rate = rate(earlier[0], earlier[0] + earlier[1])
    entry.reasons = dict(sorted(reasons.items(), key=lambda item: (-item[1], item[0])))
    latest = sorted(reversed(comments), key=lambda c: -c[0])[:LATEST_COMMENTS]  # the same second: latest stored first
    entry.comments = [{"date": date_of(day_of(received)).isoformat(), "comment": text} for received, text in latest]
    entry.trend = [{"week": date_of(w).isoformat(), "yes": yes, "no": no, "helpful_rate": rate(yes, yes + no)}
                   for w, (yes, no) in sorted(trend.items())]


def _totals(now: Counter, flows_now, before: Counter | None, flows_before) -> dict:
    def figures(c: Counter, f) -> dict:
        return {"votes": c["votes"], "yes": c["yes"], "helpful_rate": rate(c["yes"], c["votes"]),
                "searches": c["searches"], "searches_without_results": c["searches_without_results"],
                "no_results_rate": rate(c["searches_without_results"], c["searches"]),
                "searches_opened": c["searches_opened"], "opened_rate": rate(c["searches_opened"], c["searches"]),
                "flow_visits": f.visits, "flow_solved": f.solved, "flow_not_solved": f.not_solved,
                "flow_solved_rate": rate(f.solved, f.solved + f.not_solved)}

    current = figures(now, flows_now)
    if before is None:
        return {"current": current, "previous": None, "change": None}
    previous = figures(before, flows_before)
    change = {key: None if current[key] is None or previous[key] is None else
              (round(current[key] - previous[key], 4) if isinstance(current[key], float) or isinstance(previous[key], float)
               else current[key] - previous[key]) for key in current}
    return {"current": current, "previous": previous, "change": change}


def render(report: Report, form: str) -> str:
    """One format's text: "table", "json", "html", or "csv" (the answers table; `report_csv` writes them all)."""
    if form == "json":
        from .report_json import as_json
        return as_json(report)
    if form == "csv":
        from .report_csv import as_csv
        return as_csv(report)
    if form == "html":
        from .report_html import as_html
        return as_html(report)
    if form == "table":
        from .report_table import as_table
        return as_table(report)
    raise ValueError(f"unknown report format {form!r}")
