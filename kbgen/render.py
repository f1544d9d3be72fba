"""`Site` -> HTML pages (output path -> bytes), through the theme's templates.

This module decides what each template is given (the documented context, see
docs/themes.md); the templates decide how it looks. Rendered Markdown becomes
`Markup` in `_markup` and nowhere else: every other string is escaped.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping

from markupsafe import Markup

from . import __version__, page_memo
from .errors import Reporter
from .i18n import direction, long_date, name_in, native_name, pick_plural
from .language_views import foreign_articles, foreign_categories, hreflang_links, switcher
from .search.stemming import stemmer_assets
from .model import Article, Category, Flow, FlowStep, Site, SiteSet
from .theme import Theme
from .structured_data import page_jsonld
from .urls import UrlScheme, absolute, href, language_prefix, output_path_for

RECENT_COUNT = 6
NAV_TOPICS = 12
RELATED_COUNT = 5
TOC_MIN_SECTIONS = 3


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


PARALLEL_THRESHOLD = 400
_JOBS: list[tuple[str, Callable[[], str]]] = []  # set just before forking render workers, which inherit it


Jobs = list[tuple[str, Callable[[], str]]]  # (output path, render) of every page


def page_jobs(sites: SiteSet, themes: Mapping[str, Theme], search_urls: Mapping[str, dict[str, str]],
              offline: bool = False) -> Jobs:
    """Every page of the build, not yet rendered: each language's, and for a multilingual site the
    language chooser and the root 404 page. The build renders them all; kbgen serve on request."""
    jobs: Jobs = []
    for site in sites:
        jobs += PageRenderer(site, themes[site.language], search_urls[site.language], offline).jobs()
    if sites.multilingual:
        default = sites.default
        chooser = PageRenderer(default, themes[default.language], search_urls[default.language], offline)
        prompts = {code: theme.strings["choose_language"] for code, theme in themes.items()}
        # Static hosts answer every missing address with /404.html: the default language's.
        not_found = dict(jobs)[default.urls.not_found().lstrip("/")]
        jobs += [("index.html", lambda: chooser.languages(sites, prompts)), ("404.html", not_found)]
    return jobs


def render_pages(jobs: Jobs, reporter: Reporter, memo: page_memo.PageMemo | None = None) -> dict[str, bytes]:
    """Every page rendered, keyed by output path; large sites render in forked workers. With a
    memo, an article page whose inputs are those of the file the previous build wrote is not
    rendered: it is left out and named in `memo.reused`, and every article page's key goes to
    `memo.keys`."""
    global _JOBS, _MEMO
    progress = reporter.progress("Rendering pages", len(jobs))
    pages: dict[str, bytes] = {}
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) >= PARALLEL_THRESHOLD and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        if memo is not None:  # each renderer's site key, once here rather than once in every worker
            for renderer in {id(job.renderer): job.renderer for _, job in jobs if isinstance(job, ArticlePage)}.values():
                renderer.site_key()
        _JOBS, _MEMO = jobs, memo
        size = max(50, len(jobs) // (workers * 8))
        chunks = [range(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for rendered in pool.imap(_render_chunk, chunks):
                    _collect(rendered, pages, memo)
                    progress.advance(len(rendered))
        finally:
            _JOBS, _MEMO = [], None
    else:
        for output_path, render in jobs:
            _collect([_render_one(output_path, render, memo)], pages, memo)
            progress.advance()
    progress.close()
    return pages


_MEMO: page_memo.PageMemo | None = None  # inherited by render workers, as _JOBS is

Rendered = tuple[str, str | None, bytes | None]  # (output path, memo key, bytes or None when kept)


def _render_one(output_path: str, render: Callable[[], str], memo: page_memo.PageMemo | None) -> Rendered:
    if memo is not None and isinstance(render, ArticlePage):
        return (output_path, *render.render_unless_kept(output_path, memo))
    return output_path, None, render().encode("utf-8")


def _render_chunk(indices: range) -> list[Rendered]:
    return [_render_one(*_JOBS[i], _MEMO) for i in indices]


def _collect(rendered: list[Rendered], pages: dict[str, bytes], memo: page_memo.PageMemo | None) -> None:
    for output_path, key, data in rendered:
        if key is not None:
            memo.keys[output_path] = key
        if data is None:
            memo.reused.add(output_path)
        else:
            pages[output_path] = data


class PageRenderer:
    def __init__(self, site: Site, theme: Theme, search_urls: dict[str, str], offline: bool = False):
        self.site = site
        self.theme = theme
        self.search_urls = search_urls
        self.offline = offline
        self.config = site.config
        self.strings = theme.strings
        self.site_view = self._site_view()
        self._site_key: str | None = None
        theme.env.globals["site"] = self.site_view  # the same for every page, so imported macros see it too

    # --- what gets rendered -------------------------------------------------------------

    def jobs(self) -> Iterator[tuple[str, Callable[[], str]]]:
        urls = self.site.urls
        yield output_path_for(urls.home()), self.home
        for category in self.site.categories.values():
            if not category.is_root and self.site.article_count(category.id):
                yield output_path_for(category.url), lambda c=category: self.category(c)
        for article in self.site.articles.values():
            yield article.output_path, ArticlePage(self, article)
        if self.site.tags:
            yield output_path_for(urls.tags()), self.tag_index
            for tag in self.site.tags:
                yield output_path_for(urls.tag(tag)), lambda t=tag: self.tag(t)
        yield output_path_for(urls.search()), self.search
        yield urls.not_found().lstrip("/"), self.not_found

    # --- pages --------------------------------------------------------------------------

    def home(self) -> str:
        articles = [self.site.articles[i] for i in self.site.articles]
        featured = sorted((a for a in articles if a.featured), key=lambda a: a.title.casefold())
        dated = sorted((a for a in articles if a.updated), key=lambda a: (-a.updated.toordinal(), a.title.casefold()))
        translations = self.site.translations
        return self._page("home.html", "home", title=self.config.site.title, url=self.site.urls.home(),
                          description=self.config.site.description or self._count_text(len(articles)),
                          hreflang=translations.homes if translations else None,
                          categories=self._category_cards(self.site.root),
                          root_articles=[self._article_link(self.site.articles[i]) for i in self.site.root.articles]
                          + foreign_articles(self.site, "", self.strings["untranslated_badge"]),
                          featured=[self._article_link(a) for a in featured],
                          recent=[self._article_link(a) for a in dated[:RECENT_COUNT]])

    def category(self, category: Category) -> str:
        translations = self.site.translations
        return self._page("category.html", "category", title=category.title, url=category.url,
                          description=category.description or f"{category.title}: {self._count_text(self.site.article_count(category.id))}",
                          crumbs=self._crumbs(category.parent_id), category_id=category.id,
                          hreflang=translations.of_category(category.id) if translations else None,
                          category=self._category_view(category),
                          subcategories=self._category_cards(category),
                          articles=[self._article_link(self.site.articles[i]) for i in category.articles]
                          + foreign_articles(self.site, category.id, self.strings["untranslated_badge"]))

    def article(self, article: Article) -> str:
        return self.theme.render(*self.article_context(article))

    def article_context(self, article: Article) -> tuple[str, dict[str, Any]]:
        sections = article.sections
        kind = "faq" if article.is_faq else "flow" if article.is_flow else "article"
        template = f"{kind}.html"
        translations = self.site.translations
        return self._context(template, kind, title=article.title, url=article.url,
                          description=article.description, crumbs=self._crumbs(article.category_id),
                          article_id=article.id, category_id=article.category_id,
                          hreflang=translations.of_article(article.id) if translations else None,
                          source=article, article=self._article_view(article),
                          toc=[h for h in article.headings if h.level in (2, 3)] if len(sections) >= TOC_MIN_SECTIONS and kind == "article" else [],
                          related=[self._article_link(a) for a in self._related(article)])

    def languages(self, sites: Iterable[Site], prompts: Mapping[str, str]) -> str:
        """The language chooser at the root of a multilingual site: each language named in itself,
        with its own site title and its own words ("Choose your language" in each)."""
        choices = [{"code": s.language, "name": native_name(s.language), "dir": direction(s.language), "url": s.urls.home(),
                    "title": s.config.site.title, "description": s.config.site.description, "prompt": prompts[s.language]}
                   for s in sites]
        translations = self.site.translations
        return self._page("languages.html", "languages", title=" · ".join(c["name"] for c in choices), url="/",
                          description=" · ".join(c["title"] for c in choices), choices=choices,
                          hreflang=translations.homes if translations else None)

    def tag_index(self) -> str:
        tags = [{"name": t, "url": self.site.urls.tag(t), "count": len(ids)} for t, ids in self.site.tags.items()]
        return self._page("tags.html", "tags", title=self.strings["tags"], url=self.site.urls.tags(),
                          description=self.strings["all_tags"], crumbs=self._crumbs(""), tags=tags)

    def tag(self, tag: str) -> str:
        title = self.strings["tagged"].replace("{tag}", tag)
        crumbs = self._crumbs("") + [Crumb(self.strings["tags"], self.site.urls.tags())]
        return self._page("tag.html", "tag", title=title, url=self.site.urls.tag(tag), description=title, crumbs=crumbs,
                          tag=tag, articles=[self._article_link(self.site.articles[i]) for i in self.site.tags[tag]])

    def search(self) -> str:
        return self._page("search.html", "search", title=self.strings["search"], url=self.site.urls.search(),
                          description=self.strings["search_label"], indexable=False, crumbs=self._crumbs(""),
                          categories=self._category_cards(self.site.root))

    def not_found(self) -> str:
        top = sorted((a for a in self.site.articles.values() if a.featured), key=lambda a: a.title.casefold())
        return self._page("404.html", "404", title=self.strings["not_found_title"], url=self.site.urls.not_found(),
                          description=self.strings["not_found_text"], indexable=False,
                          categories=self._category_cards(self.site.root),
                          featured=[self._article_link(a) for a in top])

    # --- shared context -----------------------------------------------------------------

    def _page(self, template: str, kind: str, **given: Any) -> str:
        return self.theme.render(*self._context(template, kind, **given))

    def key(self, template: str, context: dict[str, Any]) -> str:
        """What a page rendered from `context` depends on, hashed (page_memo.py). repr, not a
        serializer of our own: every value a template is given has a repr that shows all of it,
        and one that does not (an object's address) only makes the page miss the memo."""
        return page_memo.page_key(self.site_key(), repr((template, context)))

    def site_key(self) -> str:
        if self._site_key is None:
            self._site_key = page_memo.site_key(repr(self.site_view), self.theme.fingerprint, self.offline)
        return self._site_key

    def _context(self, template: str, kind: str, *, title: str, url: str, description: str,
                 crumbs: list[Crumb] | None = None, indexable: bool = True, source: Article | None = None,
                 hreflang: Mapping[str, str] | None = None, article_id: str | None = None, category_id: str = "",
                 **extra: Any) -> tuple[str, dict[str, Any]]:
        config = self.config
        head_title = title if kind == "home" else f"{title} – {config.site.title}"
        indexable = indexable and not self.site.include_internal and (source is None or source.is_public)
        page = {
            "alternates": hreflang_links(self.site, hreflang, kind in ("home", "languages")) if indexable and hreflang else [],
            "languages": switcher(self.site, kind, article_id, category_id),
            "kind": kind, "title": title, "head_title": head_title, "url": url, "description": description,
            "canonical": absolute(config.site.url, config.base_path, url) if indexable else None,
            "crumbs": crumbs or [], "indexable": indexable,
            "og_type": "article" if source is not None else "website",
            "jsonld": page_jsonld(config, self.site.urls, kind, title, description, url, crumbs or [], source) if indexable else [],
        }
        return template, {"page": page, **extra}

    def _site_view(self) -> dict[str, Any]:
        config = self.config
        logo = config.site.logo
        # Without an icon of the site's own, browsers ask for /favicon.ico and get a 404: the theme's stands in.
        favicon = next((f"/{n}" for n in ("favicon.svg", "favicon.png", "favicon.ico") if n in self.site.static_files),
                       "/" + self.theme.assets["favicon.svg"].output_path)
        # Social networks ignore SVG images: a raster logo, else static/og-image.*, else the theme's.
        raster = (".png", ".jpg", ".jpeg", ".gif", ".webp")
        og_image = next(("/" + name for name in ([logo.lstrip("/")] if logo else []) + [f"og-image{ext}" for ext in raster]
                         if name.lower().endswith(raster) and name in self.site.static_files),
                        "/" + self.theme.assets["og-image.png"].output_path)
        return {
            "title": config.site.title, "description": config.site.description, "language": config.site.language,
            "dir": config.site.direction, "url": config.site.url, "base_path": config.base_path,
            "home_url": self.site.urls.home(), "search_url": self.site.urls.search(),
            "logo": "/" + logo.lstrip("/") if logo else None, "favicon": favicon,
            "logo_absolute": absolute(config.site.url, config.base_path, "/" + logo.lstrip("/")) if logo else None,
            "og_image": absolute(config.site.url, config.base_path, og_image),
            "contact": {"label": config.contact.label or self.strings["contact_support"], "href": config.contact.href,
                        "email": config.contact.email},
            "feedback_endpoint": config.feedback.endpoint, "extra": config.extra,
            # The footer's topics on every page: the first NAV_TOPICS in order, or every page of a help
            # center with hundreds of topics would carry them all (the home page lists every one).
            "nav": [c for c in self._category_cards(self.site.root) if not c["foreign"]][:NAV_TOPICS],
            "generator": f"kbgen {__version__}",
            "internal": self.site.include_internal,
            "search_config": self._search_config(),
        }

    def _search_config(self) -> dict[str, Any]:
        """What search.js needs; base.html writes it into the page as JSON."""
        strings = self.strings
        config = {
            "worker": self.theme.asset("search/worker.js"),
            # What the worker runs, in this order (lunr first, then the language's Snowball stemmer
            # and stop words, which tokenizer.js needs): search.js, worker.js and search.html's
            # preloads all read this one list.
            "scripts": [self.theme.asset("vendor/lunr/lunr.min.js"),
                        *(self.theme.asset(name) for name in stemmer_assets(self.config.site.language)),
                        *(self.theme.asset(f"search/{name}.js") for name in ("tokenizer", "engine", "fulltext"))],
            **{role: self.theme.url(path) for role, path in sorted(self.search_urls.items())},
            "language": self.config.site.language, "basePath": self.config.base_path,
            "endpoint": self.config.feedback.endpoint, "siteTitle": self.config.site.title, "offline": self.offline,
            "contact": {"label": self.config.contact.label or strings["contact_support"], "href": self.config.contact.href},
            "fallback": self._fallback_search(),
            "strings": {key: _plain_data(strings[name]) for key, name in (
                ("loading", "search_loading"), ("noResults", "search_no_results"), ("contactPrompt", "search_contact_prompt"),
                ("resultsFor", "search_results_for"), ("resultCount", "search_result_count"),
                ("allResults", "search_all_results"), ("moreResults", "search_more_results"),
                ("unavailable", "search_unavailable"), ("flowBadge", "flow_badge"))},
        }
        return config

    def _fallback_search(self) -> dict[str, str] | None:
        """Where a search that finds nothing in this language is offered again: the default language."""
        translations = self.site.translations
        if translations is None or translations.default == self.site.language:
            return None
        default = translations.default
        return {"url": href(self.config.base_path, UrlScheme(language_prefix(default)).search()), "language": default,
                "text": self.strings["search_other_language"].replace("{language}", name_in(default, self.site.language))}

    def _crumbs(self, category_id: str | None) -> list[Crumb]:
        crumbs = [Crumb(self.strings["home"], self.site.urls.home())]
        if category_id:
            crumbs += [Crumb(c.title, c.url) for c in self.site.category_trail(category_id)]
        return crumbs

    def _category_cards(self, parent: Category) -> list[dict[str, Any]]:
        cards = []
        for child_id in parent.children:
            count = self.site.article_count(child_id)
            if count:
                cards.append({**self._category_view(self.site.categories[child_id]), "count": count,
                              "count_text": self._count_text(count)})
        for card in foreign_categories(self.site, parent.id, self.strings["untranslated_badge"]):
            cards.append({**card, "count_text": self._count_text(card["count"])})
        return cards

    def _category_view(self, category: Category) -> dict[str, Any]:
        return {"id": category.id, "title": category.title, "description": category.description,
                "url": category.url, "icon": category.icon or "book", "foreign": None, "foreign_dir": None, "foreign_badge": None}

    def _article_link(self, article: Article) -> dict[str, Any]:
        return {"id": article.id, "title": article.title, "description": article.description, "url": article.url,
                "updated": self._date(article.updated), "is_faq": article.is_faq, "is_flow": article.is_flow, "draft": article.draft,
                "internal": article.audience == "internal", "foreign": None, "foreign_dir": None, "foreign_badge": None}

    def _article_view(self, article: Article) -> dict[str, Any]:
        return {
            **self._article_link(article),
            "html": _markup(article.html), "intro_html": _markup(article.intro_html),
            "questions": [{"question": q.question, "anchor": q.anchor, "html": _markup(q.html)} for q in article.faq],
            "tags": [{"name": t, "url": self.site.urls.tag(t)} for t in article.tags],
            "owner": article.owner,
            "flow": _flow_view(article.flow) if article.flow is not None else None,
        }

    def _related(self, article: Article) -> list[Article]:
        if article.related:
            return [self.site.articles[i] for i in article.related]
        siblings = self.site.categories[article.category_id].articles
        return [self.site.articles[i] for i in siblings if i != article.id][:RELATED_COUNT]

    def _count_text(self, count: int) -> str:
        return pick_plural(self.strings["articles_count"], count, self.config.site.language)

    def _date(self, date: dt.date | None) -> dict[str, str] | None:
        if date is None:
            return None
        return {"iso": date.isoformat(), "text": long_date(date, self.config.site.language)}


class ArticlePage:
    """The render job of an article page: the one kind of page a rebuild can take from the
    previous site (page_memo.py), since there are thousands of them."""

    __slots__ = ("renderer", "article")

    def __init__(self, renderer: PageRenderer, article: Article):
        self.renderer, self.article = renderer, article

    def __call__(self) -> str:
        return self.renderer.article(self.article)

    def render_unless_kept(self, output_path: str, memo: page_memo.PageMemo) -> tuple[str, bytes | None]:
        """(key, bytes), or (key, None) when the previous site's file for this page can be kept."""
        template, context = self.renderer.article_context(self.article)
        key = self.renderer.key(template, context)
        if memo.reusable(output_path, key):
            return key, None
        return key, self.renderer.theme.render(template, context).encode("utf-8")


def _flow_view(flow: Flow) -> dict[str, Any]:
    """A troubleshooter's steps for flow.html; the start step comes last (see flow.html: without
    JavaScript, CSS shows it only while no other step is the page's target)."""
    def step_view(step: FlowStep) -> dict[str, Any]:
        return {"id": step.id, "title": step.title, "heading": step.heading, "question": step.question, "html": _markup(step.html),
                "is_solution": step.is_solution, "is_start": step.id == flow.start,
                "answers": [{"label": a.label, "href": a.href, "next": a.next, "article": a.article,
                             "kind": "next" if a.next else "contact" if a.contact else "article"} for a in step.answers]}

    ordered = [s for s in flow.steps if s.id != flow.start] + [flow.step(flow.start)]
    return {"start": flow.start, "steps": [step_view(s) for s in ordered]}


def _plain_data(value: Any) -> Any:
    """Theme words as JSON can carry them (plural forms are read-only mappings)."""
    return dict(value) if isinstance(value, Mapping) else value


def _markup(html: str) -> Markup:
    """The one place rendered Markdown is trusted as HTML (writers are trusted; readers' input never gets here)."""
    return Markup(html)
