"""`patch_site`: a save of article files applied to the last loaded `Site`, without loading the
tree again (kbgen serve).

A full load of 10,000 articles walks the folder, stats every file, claims every address and
links every category: about 0.6 s, for a save that changed one paragraph. When every saved file
is an article the last load published and it still has the same address, tags, aliases, type
and images (the "structure"), the articles it changed are parsed and linked again with the last
load's resolver, and the rest of the `Site` is kept or, where a title or a link moved, derived
again from the articles. Anything else returns None and the caller loads the tree in full.
The tests hold every patched site to what a full load of the same files gives.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Iterable

from .content.article import ParsedFile, parse_article_file
from .content.cache import LinkedArticle, ParseCache, stamp_of
from .content.deps import file_dep
from .content.discover import is_flow, source_stem
from .content.links import LinkTarget
from .errors import ERROR, Diagnostic, Reporter
from .model import Article, Site
from .site import LoadedTree, link_article, link_categories, linked_ids_of, regular_file, tag_lists
from .slugs import url_segment

# What pages other than an article's own show of it (listings, related, home, nav) or what the
# site-wide checks read: a change to any of these re-derives the site and renders every page again.
FACE = ("title", "description", "order", "featured", "updated", "reviewed", "review_every", "owner", "keywords",
        "related", "draft", "audience")


@dataclass
class SitePatch:
    site: Site
    removed: list[Diagnostic]  # what the last load reported of the files linked again
    added: list[Diagnostic]  # what they report now
    face_changed: bool  # other pages and the site's checks may differ too
    pages: frozenset[str]  # output paths of the articles linked again
    parsed: int


def patch_site(site: Site, cache: ParseCache, saved: Iterable[Path]) -> SitePatch | None:
    """The site with the saved articles parsed and linked again, or None when the save changed
    anything a full load must see (a new or deleted file, an address, a tag, an image, an error)."""
    loaded: LoadedTree | None = cache.loaded
    saved = list(dict.fromkeys(saved))
    if loaded is None or loaded.site is not site or not saved:
        return None
    # A troubleshooter's steps are linked as a whole (their answers name other articles): loaded in full.
    if any(path not in loaded.sources or is_flow(path) or not regular_file(path) for path in saved):
        return None
    reporter = Reporter()
    parsed: dict[Path, ParsedFile] = {}
    count = 0
    for path in saved:
        result = cache.lookup(path, loaded.options)
        if result is None:
            stamp = stamp_of(path)
            result = parse_article_file(path, loaded.options)
            cache.store(stamp, loaded.options, result)  # a full load that follows reuses it
            count += 1
        if not result.ok or any(d.severity == ERROR for d in result.diagnostics):
            return None
        if not _same_structure(cache.linked[path], result, site, loaded):
            return None
        parsed[path] = result

    resolver = loaded.resolver
    targets = dict(resolver.articles)
    for path, result in parsed.items():
        if result.anchors != targets[path].anchors:
            targets[path] = LinkTarget(targets[path].id, targets[path].url, result.anchors)
    # Articles that link to one whose headings changed may have broken or mended an anchor.
    moved = {file_dep(p) for p in parsed if targets[p] is not resolver.articles[p]}
    again = {p: cache.linked[p].parsed for p in parsed}
    if moved:
        again.update((p, m.parsed) for p, m in cache.linked.items() if p not in again and not moved.isdisjoint(m.looked_at))

    kept_targets, kept_looked, kept_used = resolver.articles, dict(resolver.looked_at), dict(resolver.used)
    resolver.articles, resolver.reporter = targets, reporter
    memos: dict[Path, LinkedArticle] = {}
    try:
        for path in again:
            old = cache.linked[path]
            result = parsed.get(path, old.parsed)
            memos[path] = link_article(loaded.sources[path], result, old.url, old.tags, resolver, loaded.ids,
                                       loaded.git_dates, reporter)
            if memos[path].used != old.used or any(d.severity == ERROR for d in memos[path].diagnostics):
                raise _FullLoad
    except _FullLoad:
        resolver.articles, resolver.looked_at, resolver.used = kept_targets, kept_looked, kept_used
        return None

    articles = dict(site.articles)
    face_changed = links_changed = False
    removed: list[Diagnostic] = []
    for path, memo in memos.items():
        old = cache.linked[path]
        articles[memo.article.id] = memo.article
        face_changed |= _face(old.article) != _face(memo.article)
        links_changed |= old.looked_at != memo.looked_at
        removed += old.diagnostics
        if path in parsed:
            removed += old.parsed.diagnostics
    added = [d for p in parsed for d in parsed[p].diagnostics] + [d for m in memos.values() for d in m.diagnostics]

    linked = {**cache.linked, **memos}
    changes = {"articles": MappingProxyType(articles)}
    if any(_sorted_by(cache.linked[p].article) != _sorted_by(memo.article) for p, memo in memos.items()):
        changes["categories"] = MappingProxyType(link_categories(loaded.categories, articles, site.urls))
        changes["tags"] = tag_lists(articles)
    if links_changed:  # which articles are orphans depends only on the links (ids do not move in a patch)
        changes["linked_ids"] = linked_ids_of(linked, targets)
        face_changed = face_changed or changes["linked_ids"] != site.linked_ids
    new_site = dataclasses.replace(site, **changes)

    cache.linked = linked
    if cache.world is not None:
        cache.world = dataclasses.replace(cache.world, articles=targets)
    cache.loaded = dataclasses.replace(loaded, site=new_site)
    return SitePatch(new_site, removed, added, face_changed, frozenset(m.article.output_path for m in memos.values()), count)


class _FullLoad(Exception):
    """Linking again found something only a full load can handle."""


def _same_structure(old: LinkedArticle, result: ParsedFile, site: Site, loaded: LoadedTree) -> bool:
    """Whether the save left the article where the site's addresses, tags, images and page kinds
    have it: same URL, still published, same tags as spelled, aliases, type and kind of date."""
    meta, before = result.meta, old.parsed.meta
    source = loaded.sources[result.path]
    segment = meta.get("slug") or url_segment(source_stem(result.path))
    if site.urls.article(source.category_id, segment) != old.url:
        return False
    if (meta.get("draft") and not site.include_drafts) or (meta.get("audience") == "internal" and not site.include_internal):
        return False
    return all(meta.get(key) == before.get(key) for key in ("tags", "aliases", "type")) \
        and bool(meta.get("updated")) == bool(before.get("updated"))


def _sorted_by(article: Article) -> tuple:
    """What category listings and tag pages order articles by."""
    return article.order, article.title


def _face(article: Article) -> tuple:
    return tuple(getattr(article, name) for name in FACE)
