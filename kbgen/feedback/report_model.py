"""What the feedback report holds, format-neutral: every output (table, CSV, JSON, HTML) reads these."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass
class PageEntry:
    """One answer (an article or one FAQ question, in one language) with votes in the window."""
    page: str
    question: str | None
    language: str | None = None  # the page's language (a translation is an answer of its own)
    title: str = ""
    url: str | None = None       # its published page (kb.json), when a site is given
    source: str | None = None    # its file, project-relative: kb.json "source", or the project (--project)
    owner: str | None = None     # its owner: the project's front matter (--project), or kb.json "owner"
    yes: int = 0
    no: int = 0
    helpful_rate: float = 0.0
    wilson_lower: float = 0.0    # of the helpful rate
    wilson_upper: float = 1.0
    unhelpful_lower: float = 0.0  # wilson_lower(no, total): at least this share found it unhelpful
    score: float = 0.0           # unhelpful_lower * log2(1 + total): the "needs work first" order
    previous_yes: int = 0        # the same answer in the window before
    previous_no: int = 0
    previous_helpful_rate: float | None = None
    reasons: dict[str, int] = field(default_factory=dict)
    comments: list[dict[str, str]] = field(default_factory=list)   # the latest first
    trend: list[dict] = field(default_factory=list)  # weeks with votes: week (its Monday), yes, no, helpful_rate

    @property
    def answer_id(self) -> str:
        return self.page + (f"#{self.question}" if self.question else "")


@dataclass
class FlowStep:
    step: str
    label: str = ""              # the step's question, or "Solution: <first words>" (from the site)
    kind: str | None = None      # "question" or "solution" (from the site, else a solution if an outcome says so)
    reached: int = 0             # visits that took this step (once per visit, however often they came back)
    left_here: int = 0           # visits that ended here with the outcome "left"
    drop_off_rate: float | None = None  # left_here / reached
    solved: int | None = None    # solution steps: visits that ended here solved / not solved
    not_solved: int | None = None
    solved_rate: float | None = None
    wilson_lower: float | None = None
    wilson_upper: float | None = None


@dataclass
class FlowEntry:
    flow: str
    title: str = ""
    url: str | None = None
    source: str | None = None    # its .flow.yaml file and owner (kb.json, or the project with --project)
    owner: str | None = None
    visits: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)   # every outcome, zeros included
    contact_rate: float = 0.0                                 # contact / visits
    solved_rate: float | None = None                          # solved / (solved + not solved); None without either
    previous_visits: int | None = None                        # in the window before (None: no window before)
    previous_solved_rate: float | None = None
    articles: dict[str, int] = field(default_factory=dict)    # articles the flow sent readers to, most first
    steps: list[FlowStep] = field(default_factory=list)       # site order, then steps the site no longer has


@dataclass
class Report:
    pages: list[PageEntry]                      # every answer voted on in the window, "needs work first" order
    searches_without_results: list[dict]        # query, count, clicks
    votes_per_week: list[dict]                  # week, votes, yes, helpful_rate (both windows)
    since: str | None = None                    # the window's first and last day (UTC, inclusive)
    until: str | None = None
    days: int | None = None
    previous: dict | None = None                # {"since", "until"} of the window before, as long
    totals: dict = field(default_factory=dict)  # {"current": {...}, "previous": {...} or None, "change": {...} or None}
    weeks: list[str] = field(default_factory=list)   # the Mondays the trends span (window before included)
    searches: list[dict] = field(default_factory=list)            # query, count, results, clicks, top_clicked...
    searches_unopened: list[dict] = field(default_factory=list)   # query, count, results, clicks (0)
    searches_per_week: list[dict] = field(default_factory=list)   # week, searches, without_results
    min_searches: int = 3                       # the searches a query needs to be listed as unopened
    languages: list[dict] = field(default_factory=list)  # per language: votes, helpful rate, searches, in vain, visits
    flows: list[FlowEntry] = field(default_factory=list)  # most visited first
    site_title: str = ""
    language: str | None = None                 # --language, when the report is of one language

    def to_dict(self) -> dict:
        return {"since": self.since, "until": self.until, "days": self.days, "previous": self.previous,
                "language": self.language, "site_title": self.site_title, "totals": self.totals,
                "languages": self.languages, "pages": [_shallow(p) for p in self.pages], "weeks": self.weeks,
                "votes_per_week": self.votes_per_week, "searches": self.searches,
                "searches_without_results": self.searches_without_results,
                "searches_unopened": self.searches_unopened, "min_searches": self.min_searches,
                "searches_per_week": self.searches_per_week, "flows": [asdict(f) for f in self.flows]}


_PAGE_FIELDS = [f.name for f in fields(PageEntry)]


def _shallow(entry: PageEntry) -> dict:
    """asdict() without its deep copy: a page's values are plain data already (and there may be thousands)."""
    return {name: getattr(entry, name) for name in _PAGE_FIELDS}
