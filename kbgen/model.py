"""The help center as data: plain frozen dataclasses, no I/O.

`site.load_site` builds these once; every later stage only reads them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

from .config import Config
from .content.markers import fill
from .urls import ROOT, UrlScheme

if TYPE_CHECKING:
    from .translations import Translations


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True, slots=True)
class FaqEntry:
    question: str
    anchor: str
    html: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class FlowAnswer:
    """One answer of a troubleshooter's question: it leads to exactly one of another step, an
    article or the contact path. `href` is where its link goes once the site is linked."""

    label: str
    line: int
    column: int | None = None
    next: str | None = None  # a step id
    article: str | None = None  # an article id, perhaps with "#anchor"
    contact: bool = False
    href: str = ""  # as the page links it (base path included)
    url: str = ""  # an article answer's page on the site, "#anchor" included; "" when it has none


@dataclass(frozen=True, slots=True)
class FlowStep:
    """A question with answers, or a solution (an end of the tree). `html` is the Markdown under
    the question, or the solution; `title` is what search and the report call the step (the
    question, or a solution's `title:`, else its first sentence); `heading` a solution's own
    heading when the writer gave one."""

    id: str
    line: int
    title: str
    question: str = ""
    html: str = ""
    text: str = ""
    answers: tuple[FlowAnswer, ...] = ()
    heading: str = ""

    @property
    def is_solution(self) -> bool:
        return not self.question


@dataclass(frozen=True, slots=True)
class Flow:
    """A guided troubleshooter's decision tree, its steps in file order."""

    start: str
    steps: tuple[FlowStep, ...]

    def step(self, step_id: str) -> FlowStep:
        return next(s for s in self.steps if s.id == step_id)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    source: Path
    url: str
    output_path: str
    category_id: str
    type: str
    title: str
    description: str
    # The body's HTML with its links as markers, and what they resolve to: `html` fills them when
    # a page is rendered, so the filled copy (as large as the body) is never held for every article.
    marked_html: str
    hrefs: tuple[str, ...]
    text: str
    headings: tuple[Heading, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    section_spans: tuple[tuple[str, int, int], ...] = ()  # (h2 anchor, start, end): that section's stretch of `text`
    intro_end: int = 0  # `text` before the first section ends here
    intro_html: str = ""
    order: int | None = None
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    featured: bool = False
    draft: bool = False
    audience: str = "public"
    updated: dt.date | None = None
    reviewed: dt.date | None = None
    review_every: int | None = None
    owner: str | None = None
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    search_terms: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)  # see search/terms.py
    flow: Flow | None = None  # a troubleshooter (type "flow"): its steps, linked

    @property
    def is_flow(self) -> bool:
        return self.flow is not None

    @property
    def html(self) -> str:
        return fill(self.marked_html, self.hrefs)

    @property
    def section_text(self) -> tuple[tuple[str, str], ...]:
        """(h2 anchor, plain text of that section), in order."""
        return tuple((anchor, self.text[start:end]) for anchor, start, end in self.section_spans)

    @property
    def intro_text(self) -> str:
        """The plain text before the first section."""
        return self.text[:self.intro_end]

    @property
    def is_faq(self) -> bool:
        return self.type == "faq"

    @property
    def is_public(self) -> bool:
        """May be shown to the world: neither a draft nor an internal article, whatever the build."""
        return not self.draft and self.audience == "public"

    @property
    def sections(self) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.level == 2)

    def anchors(self) -> frozenset[str]:
        return frozenset(h.anchor for h in self.headings) | frozenset(q.anchor for q in self.faq)


@dataclass(frozen=True)
class Category:
    id: str  # "" for the root
    url: str
    title: str
    description: str = ""
    order: int | None = None
    icon: str | None = None
    parent_id: str | None = None
    source: Path | None = None
    children: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()

    @property
    def is_root(self) -> bool:
        return self.id == ""


@dataclass(frozen=True)
class Asset:
    """A file copied into the site as it is: an image an article uses, or a file from static/."""

    source: Path
    output_path: str


@dataclass(frozen=True)
class Site:
    config: Config
    articles: Mapping[str, Article]
    categories: Mapping[str, Category]
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    assets: tuple[Asset, ...] = ()
    include_drafts: bool = False
    include_internal: bool = False
    linked_ids: frozenset[str] = frozenset()  # articles another article links to or names as related
    static_files: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}))  # output path -> file in static/
    urls: UrlScheme = ROOT  # where this language's pages live
    translations: "Translations | None" = None  # a multilingual site's links between its language trees

    @property
    def language(self) -> str:
        return self.config.site.language

    @property
    def root(self) -> Category:
        return self.categories[""]

    def category_trail(self, category_id: str) -> list[Category]:
        """The categories from the top level down to `category_id` (the root left out)."""
        trail = []
        current = self.categories.get(category_id)
        while current is not None and not current.is_root:
            trail.append(current)
            current = self.categories.get(current.parent_id) if current.parent_id is not None else None
        return trail[::-1]

    def article_count(self, category_id: str) -> int:
        """Articles in a category and all its sub-categories."""
        category = self.categories[category_id]
        return len(category.articles) + sum(self.article_count(child) for child in category.children)

    @property
    def faq_question_count(self) -> int:
        return sum(len(a.faq) for a in self.articles.values())


@dataclass(frozen=True)
class SiteSet:
    """What one build publishes: a Site per language, the default first (`/<lang>/`), or one
    Site at the root for a one-language help center."""

    config: Config
    sites: Mapping[str, Site]

    @property
    def default(self) -> Site:
        return next(iter(self.sites.values()))

    @property
    def multilingual(self) -> bool:
        return self.config.multilingual

    def __iter__(self):
        return iter(self.sites.values())
