"""Search analytics: one row per query (case and spacing folded, shown as it was typed most often),
from the searches of the window.

- top searches: every query, most searched first: `count` searches, `results` (what the latest of
  them found), `clicks` (searches whose reader opened a result) and the result opened most often
  (`top_clicked`, its `top_clicked_count`, and its title from kb.json when known);
- without results: the searches that found nothing, per query;
- unopened: queries searched at least `min_searches` times with results, whose results nobody opened.
"""
from __future__ import annotations

from .report_site import SiteIndex


class _Query:
    """One query's searches. Plain slots and dicts made only when needed: a report may hold tens of
    thousands of queries searched once."""
    __slots__ = ("count", "clicks", "results", "found", "found_results", "found_clicks", "in_vain", "in_vain_clicks",
                 "opened", "spelled", "spellings")

    def __init__(self, spelled: str) -> None:
        self.count = self.clicks = self.results = self.found = self.found_results = self.found_clicks = 0
        self.in_vain = self.in_vain_clicks = 0  # searches that found nothing, and of those, opened something
        self.opened: dict[str, int] | None = None     # result path -> times opened
        self.spelled = spelled                         # the first spelling seen
        self.spellings: dict[str, int] | None = None  # spelling -> times, once a second spelling appears

    @property
    def shown(self) -> str:
        """The spelling typed most often (a tie: the first in code-point order)."""
        if self.spellings is None:
            return self.spelled
        return min(self.spellings.items(), key=lambda i: (-i[1], i[0]))[0]


class SearchTally:
    def __init__(self) -> None:
        self.queries: dict[str, _Query] = {}

    def add(self, query: str, results: int, clicked: str | None) -> None:
        spelled = " ".join(query.split())
        key = spelled.casefold()
        q = self.queries.get(key)
        if q is None:
            q = self.queries[key] = _Query(spelled)
        elif q.spellings is not None:
            q.spellings[spelled] = q.spellings.get(spelled, 0) + 1
        elif spelled != q.spelled:
            q.spellings = {q.spelled: q.count, spelled: 1}
        q.count += 1
        q.results = results
        if results:
            q.found += 1
            q.found_results = results
        else:
            q.in_vain += 1
        if clicked:
            q.clicks += 1
            if q.opened is None:
                q.opened = {}
            q.opened[clicked] = q.opened.get(clicked, 0) + 1
            if results:
                q.found_clicks += 1
            else:
                q.in_vain_clicks += 1

    def top(self, site: SiteIndex | None) -> list[dict]:
        rows = []
        for _, q in sorted(self.queries.items(), key=lambda i: (-i[1].count, i[0])):
            path, times = min(q.opened.items(), key=lambda i: (-i[1], i[0])) if q.opened else (None, 0)
            item = site.at_path(path) if site is not None and path else None
            rows.append({"query": q.shown, "count": q.count, "results": q.results, "clicks": q.clicks,
                         "top_clicked": path, "top_clicked_count": times,
                         "top_clicked_title": item.title if item is not None else None,
                         "top_clicked_url": item.url if item is not None else None})
        return rows

    def without_results(self) -> list[dict]:
        return [{"query": q.shown, "count": q.in_vain, "clicks": q.in_vain_clicks}
                for _, q in sorted(self.queries.items(), key=lambda i: (-i[1].in_vain, i[0])) if q.in_vain]

    def unopened(self, min_searches: int) -> list[dict]:
        return [{"query": q.shown, "count": q.found, "results": q.found_results, "clicks": 0}
                for _, q in sorted(self.queries.items(), key=lambda i: (-i[1].found, i[0]))
                if q.found >= min_searches and not q.found_clicks]
