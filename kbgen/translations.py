"""How the language trees of a multilingual site relate: which pages are translations of each
other, where a language's switcher leads, and what each language lists in place of what it
has not translated yet. A pure function of the loaded sites (no I/O).

The same article id (or category id) in two trees is one article translated. A missing
translation is never a copy: the language's category lists the original, marked with its
language (`Foreign`), and its switcher leads to the nearest page that does exist.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from .model import Site


@dataclass(frozen=True)
class Foreign:
    """An article or category of the default language, listed where its translation is missing."""

    language: str
    id: str
    title: str
    description: str
    url: str
    count: int = 0  # articles in it, for a category


@dataclass(frozen=True)
class Translations:
    languages: tuple[str, ...]  # the default first
    homes: Mapping[str, str]  # language -> its home URL
    articles: Mapping[str, Mapping[str, str]]  # article id -> language -> URL
    categories: Mapping[str, Mapping[str, str]]  # category id ("" is home) -> language -> URL
    foreign_articles: Mapping[tuple[str, str], tuple[Foreign, ...]] = field(default_factory=lambda: MappingProxyType({}))
    foreign_categories: Mapping[tuple[str, str], tuple[Foreign, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def default(self) -> str:
        return self.languages[0]

    def of_article(self, article_id: str) -> Mapping[str, str]:
        return self.articles.get(article_id, {})

    def of_category(self, category_id: str) -> Mapping[str, str]:
        return self.categories.get(category_id, {})

    def nearest(self, language: str, category_id: str) -> str:
        """The URL of `category_id` in `language`, else of its nearest ancestor there, else home."""
        current = category_id
        while current:
            found = self.categories.get(current, {}).get(language)
            if found:
                return found
            current = current.rpartition("/")[0]
        return self.homes[language]

    def hreflang(self, urls: Mapping[str, str], home: bool = False) -> list[tuple[str, str]]:
        """(hreflang, site path) of a page and each of its real translations, then `x-default`:
        the language chooser for the home pages, else the default language's version (or, for a
        page the default language lacks, the first language's). The same list on every page of
        the set, so it is reciprocal."""
        pairs = [(code, urls[code]) for code in self.languages if code in urls]
        if not pairs:
            return []
        fallback = "/" if home else urls.get(self.default, pairs[0][1])
        return pairs + [("x-default", fallback)]

    def counterpart(self, language: str, article_id: str | None, category_id: str) -> str:
        """Where the switcher leads for `language`: the translation, or the nearest page that exists."""
        if article_id is not None:
            found = self.articles.get(article_id, {}).get(language)
            if found:
                return found
        return self.nearest(language, category_id)


def link_translations(sites: Mapping[str, "Site"]) -> Translations:
    """`sites` by language code, the default first."""
    languages = tuple(sites)
    default = languages[0]
    articles: dict[str, dict[str, str]] = {}
    categories: dict[str, dict[str, str]] = {}
    for language, site in sites.items():
        for article in site.articles.values():
            articles.setdefault(article.id, {})[language] = article.url
        for category in site.categories.values():
            if category.is_root or site.article_count(category.id):
                categories.setdefault(category.id, {})[language] = category.url
    foreign_articles: dict[tuple[str, str], list[Foreign]] = {}
    foreign_categories: dict[tuple[str, str], list[Foreign]] = {}
    original = sites[default]
    for language, site in list(sites.items())[1:]:
        for category in original.categories.values():
            if category.is_root or not original.article_count(category.id):
                continue
            if language in categories.get(category.id, {}):
                continue
            parent = category.parent_id or ""
            if language in categories.get(parent, {}) or not parent:  # list the highest missing category only
                foreign_categories.setdefault((language, parent), []).append(Foreign(
                    default, category.id, category.title, category.description, category.url,
                    original.article_count(category.id)))
        for article in original.articles.values():
            if not article.is_public or language in articles.get(article.id, {}):
                continue
            if article.category_id and language not in categories.get(article.category_id, {}):
                continue  # its category is listed as a whole
            foreign_articles.setdefault((language, article.category_id), []).append(Foreign(
                default, article.id, article.title, article.description, article.url))
    freeze = lambda table: MappingProxyType({k: MappingProxyType(dict(v)) for k, v in table.items()})  # noqa: E731
    return Translations(
        languages=languages,
        homes=MappingProxyType({language: site.urls.home() for language, site in sites.items()}),
        articles=freeze(articles), categories=freeze(categories),
        foreign_articles=MappingProxyType({k: tuple(sorted(v, key=lambda f: f.title.casefold())) for k, v in foreign_articles.items()}),
        foreign_categories=MappingProxyType({k: tuple(sorted(v, key=lambda f: f.title.casefold())) for k, v in foreign_categories.items()}),
    )
