"""What a page of a multilingual site shows of its other languages: hreflang links, the
language switcher, and the originals it lists where a translation is missing.

The switcher never leads to a 404: each link goes to the same page in that language when it
exists, else to the nearest page that does (the category, then the home page); search pages
lead to that language's search. Every link carries `hreflang` and `lang`.
"""
from __future__ import annotations

from typing import Any, Mapping

from .i18n import direction, name_in, native_name
from .model import Site
from .translations import Foreign
from .urls import UrlScheme, absolute, language_prefix


def hreflang_links(site: Site, urls: Mapping[str, str], home: bool = False) -> list[dict[str, str]]:
    """`<link rel="alternate" hreflang>` of a page whose translations are `urls` (language -> path)."""
    translations = site.translations
    if translations is None:
        return []
    config = site.config
    return [{"hreflang": code, "href": absolute(config.site.url, config.base_path, path) or path}
            for code, path in translations.hreflang(urls, home)]


def switcher(site: Site, kind: str, article_id: str | None = None, category_id: str = "") -> list[dict[str, Any]]:
    """One entry per language, the page's own marked `current`."""
    translations = site.translations
    if translations is None:
        return []
    entries = []
    for code in translations.languages:
        if kind == "search":
            url = UrlScheme(language_prefix(code)).search()
        elif kind in ("article", "faq"):
            url = translations.counterpart(code, article_id, category_id)
        else:
            url = translations.nearest(code, category_id)
        entries.append({"code": code, "name": native_name(code), "dir": direction(code), "url": url,
                        "current": code == site.language})
    return entries


def foreign_link(entry: Foreign, site: Site, badge: str) -> dict[str, Any]:
    """An untranslated original as the lists of `site`'s pages show it."""
    return {"id": entry.id, "title": entry.title, "description": entry.description, "url": entry.url,
            "updated": None, "is_faq": False, "is_flow": False, "draft": False, "internal": False,
            "foreign": entry.language, "foreign_dir": direction(entry.language), "foreign_badge": badge.replace("{language}", name_in(entry.language, site.language))}


def foreign_articles(site: Site, category_id: str, badge: str) -> list[dict[str, Any]]:
    if site.translations is None:
        return []
    return [foreign_link(e, site, badge) for e in site.translations.foreign_articles.get((site.language, category_id), ())]


def foreign_categories(site: Site, parent_id: str, badge: str) -> list[dict[str, Any]]:
    if site.translations is None:
        return []
    return [{**foreign_link(e, site, badge), "icon": "book", "count": e.count}
            for e in site.translations.foreign_categories.get((site.language, parent_id), ())]
