"""`load_site`: the only stage that builds the model. Everything after it only reads the `Site`."""
from __future__ import annotations

import datetime as dt
import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable

from .config import Config
from .content.article import ParseOptions, ParsedFile, parse_article_file
from .content.cache import LinkedArticle, LinkWorld, ParseCache, stamp_of
from .content.deps import FILE, ID, id_dep
from .content import disk_cache
from .content.category import read_category_file
from .content.discover import ArticleSource, SourceTree, discover, is_flow, source_stem
from .content.flow import parse_flow_file
from .content.flow_links import link_flow
from .content.links import LinkResolver, LinkTarget
from .content.markers import fill
from .errors import Reporter
from .gitdates import GitDates, last_commit_dates
from .model import Article, Asset, Category, FaqEntry, Site
from .addresses import AddressBook
from .project_files import SafeTree, find_line, project_relative
from .slugs import url_segment
from .text import humanize
from .urls import ROOT, UrlScheme, output_path_for

PARALLEL_THRESHOLD = 200

Parser = Callable[[Path, ParseOptions], ParsedFile]


def load_site(config: Config, reporter: Reporter, labels: tuple[tuple[str, str], ...] = (),
              include_drafts: bool = False, include_internal: bool = False,
              exclude: Iterable[Path] = (), parse: Parser | None = None, cache: ParseCache | None = None,
              urls: UrlScheme = ROOT, addresses: AddressBook | None = None, static: dict[str, Path] | None = None) -> Site:
    """Discover, parse and link one content tree. Raises KbgenError once all problems are gathered.

    `cache` (kbgen serve) keeps parsed files between calls; only changed files are parsed again.
    A multilingual build passes the `addresses` its language trees share and `static/`'s files,
    which it claims once for all of them."""
    skip = {config.static_dir, config.project_dir / "theme", config.project_dir / "site", *exclude}
    if config.theme.custom_dir:
        skip.add(config.theme.custom_dir)
    tree = _discover(config, reporter, frozenset(p.resolve() for p in skip), cache)
    shared = addresses is not None
    static = static_files(config, reporter) if static is None else static
    if not tree.articles:
        reporter.error("no-articles", f"no Markdown articles found in '{project_relative(config.content_dir, config.project_dir)}'", config.content_dir,
                       hint="add .md files, or point content_dir in kbgen.yaml at the folder that holds them")
        reporter.raise_on_errors()

    parsed = _parse_all(tree.articles, ParseOptions(labels, config.site.language), reporter, parse, cache)
    categories = _load_categories(tree, reporter)
    git_dates = GitDates()
    if any(not p.meta.get("updated") for p in parsed.values()):
        compute = lambda: last_commit_dates(config.content_dir)  # noqa: E731
        git_dates = cache.git_dates(compute) if cache is not None else compute()

    kept: list[tuple[ArticleSource, ParsedFile, str]] = []
    left_out: dict[Path, str] = {}
    for source in tree.articles:
        result = parsed[source.path]
        if not result.ok:
            continue
        if result.meta.get("draft") and not include_drafts:
            left_out[source.path] = f"draft article '{source.id}'"
            continue
        if result.meta.get("audience") == "internal" and not include_internal:
            left_out[source.path] = f"internal article '{source.id}'"
            continue
        segment = result.meta.get("slug") or url_segment(source_stem(source.path))
        kept.append((source, result, urls.article(source.category_id, segment)))

    book = addresses or AddressBook(config, reporter)
    book.claim_pages(kept, categories, config, urls)
    book.defer_aliases(kept, config)
    if not shared:
        book.claim_static(static)
        book.claim_aliases()
    reporter.raise_on_errors()

    resolver = LinkResolver(
        content_root=config.content_dir, static_dir=config.static_dir, base_path=config.base_path, reporter=reporter,
        articles={s.path: LinkTarget(s.id, url, r.anchors) for s, r, url in kept},
        left_out=left_out,
        category_urls={c.path: urls.category(c.id) for c in categories.values()},
        known_files=tree.files, static_files=frozenset(static.values()),
        site_urls={url for _, _, url in kept} | {urls.category(c) for c in categories},
    )
    ids = {source.id for source, _, _ in kept}
    # "Refunds" and "refunds" are one tag (one page): the first spelling met names it.
    tag_names: dict[str, str] = {}
    for _, result, _ in kept:
        for tag in result.meta.get("tags", ()):
            tag_names.setdefault(url_segment(tag), tag)
    reusable = _reuse_test(cache, resolver, config, ids, frozenset(static.values()))
    linked: dict[Path, LinkedArticle] = {}
    articles: dict[str, Article] = {}
    for source, result, url in kept:
        tags = tuple(dict.fromkeys(tag_names[url_segment(t)] for t in result.meta.get("tags", ())))
        memo = cache.linked.get(source.path) if cache is not None else None
        if memo is not None and reusable(memo, result, url, tags):
            resolver.assets.update(memo.used)
        else:
            memo = link_article(source, result, url, tags, resolver, ids, git_dates, reporter)
        linked[source.path] = memo
        articles[source.id] = memo.article
    if cache is not None:
        cache.linked = linked
        cache.loaded = None  # set again below once this load succeeds

    _report_shallow_dates(git_dates, articles, config, reporter)
    site_categories = link_categories(categories, articles, urls)
    assets = [Asset(src, out) for src, out in sorted(resolver.assets.items(), key=lambda item: item[1])]
    reporter.raise_on_errors()
    site = Site(
        config=config,
        articles=MappingProxyType(articles),
        categories=MappingProxyType(site_categories),
        tags=tag_lists(articles),
        assets=tuple(assets),
        include_drafts=include_drafts,
        include_internal=include_internal,
        linked_ids=linked_ids_of(linked, resolver.articles),
        static_files=MappingProxyType(static),
        urls=urls,
    )
    if cache is not None:
        cache.loaded = LoadedTree(site, resolver, {s.path: s for s, _, _ in kept}, categories, frozenset(ids),
                                  tag_names, git_dates, ParseOptions(labels, config.site.language))
    return site


@dataclass
class LoadedTree:
    """What the last full load of a tree knew, kept (kbgen serve) so a save of article bodies can
    be applied to its `Site` without loading the tree again (`patch_site`)."""

    site: Site
    resolver: LinkResolver
    sources: dict[Path, ArticleSource]  # of the articles published
    categories: dict[str, "_CategoryDraft"]
    ids: frozenset[str]
    tag_names: dict[str, str]
    git_dates: GitDates
    options: ParseOptions


def link_article(source: ArticleSource, result: ParsedFile, url: str, tags: tuple[str, ...], resolver: LinkResolver,
                  ids: set[str] | frozenset[str], git_dates: GitDates, reporter: Reporter) -> LinkedArticle:
    """The article with its links resolved, and what resolving them looked at."""
    resolver.looked_at.pop(source.path, None)  # a patch resolves an article again with the same resolver
    resolver.used.pop(source.path, None)
    start = len(reporter.diagnostics)
    article = _make_article(source, result, url, tags, resolver, ids, git_dates, reporter)
    return LinkedArticle(result, url, tags, article, reporter.diagnostics[start:],
                         frozenset(resolver.looked_at.get(source.path, ())), resolver.used.get(source.path, {}))


def linked_ids_of(linked: dict[Path, LinkedArticle], targets: dict[Path, LinkTarget]) -> frozenset[str]:
    """Articles some other article links to or names as related (the rest are orphans)."""
    found = set()
    by_key = {str(path): target for path, target in targets.items()}  # a Dep's key, not a Path built per dep
    for path, memo in linked.items():
        own = str(path)
        for dep in memo.looked_at:
            if dep.kind == FILE:
                target = by_key.get(dep.key)
                if target is not None and dep.key != own:
                    found.add(target.id)
            elif dep.kind == ID and dep.key != memo.article.id:
                found.add(dep.key)
    return frozenset(found)


def tag_lists(articles: dict[str, Article]) -> MappingProxyType:
    tags: dict[str, list[str]] = defaultdict(list)
    for article in articles.values():
        for tag in article.tags:
            tags[tag].append(article.id)
    return MappingProxyType({t: tuple(sorted(ids_, key=lambda i: articles[i].title.lower())) for t, ids_ in sorted(tags.items())})


def static_files(config: Config, reporter: Reporter) -> dict[str, Path]:
    """Every file in static/ by its output path (it is copied to the site root as it is).
    Hidden files stay out, hidden folders such as `.well-known/` do not."""
    static = config.static_dir
    walker = SafeTree(config.roots, reporter)
    skip = lambda entry: entry.name in (".git", ".DS_Store") or (not entry.is_dir and entry.name.startswith("."))  # noqa: E731
    return {path.relative_to(static).as_posix(): path for path in walker.files(static, skip)}


def _reuse_test(cache: ParseCache | None, resolver: LinkResolver, config: Config, ids: set[str], static: frozenset[Path]):
    """Whether an article resolved by an earlier load can be kept as it is: same parse, same URL
    and tags, no problems reported (their hints may change), and nothing its links looked at changed."""
    if cache is None:
        return lambda memo, result, url, tags: False
    world = LinkWorld(
        base_path=config.base_path, articles=resolver.articles, left_out=resolver.left_out,
        category_urls=resolver.category_urls, known_files=frozenset(resolver.known_files),
        site_urls=frozenset(resolver.site_urls), ids=frozenset(ids),
        static_files=static,
    )
    changed = world.changes_since(cache.world) if cache.world is not None else None
    cache.world = world

    def reusable(memo: LinkedArticle, result: ParsedFile, url: str, tags: tuple[str, ...]) -> bool:
        if changed is None or memo.parsed is not result or memo.url != url or memo.tags != tags or memo.diagnostics:
            return False
        return not changed.affect(memo.looked_at)

    return reusable


def _parse_all(sources: list[ArticleSource], options: ParseOptions, reporter: Reporter,
               parse: Parser | None, cache: ParseCache | None = None) -> dict[Path, ParsedFile]:
    """Parse every article, in worker processes when there are many. Diagnostics keep file order."""
    cached: dict[Path, ParsedFile] = {}
    paths = [s.path for s in sources]
    # Troubleshooters are few and small: read here, and never cached (their answers are linked
    # as a whole on every load, see site_patch.py).
    flows = {path: parse_flow_file(path, options) for path in paths if is_flow(path)}
    paths = [p for p in paths if p not in flows]
    if cache is not None:
        cache.retain(paths)
        for path in paths:
            hit = cache.lookup(path, options)
            if hit is not None:
                cached[path] = hit
        paths = [p for p in paths if p not in cached]
    stamps = {p: stamp_of(p) for p in paths} if cache is not None else {}
    progress = reporter.progress("Reading articles", len(paths))
    results: list[ParsedFile] = []
    if parse is None and len(paths) >= PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1:
        workers = min(os.cpu_count() or 1, 8)
        chunk = max(16, len(paths) // (workers * 8))
        folder = _disk_folder(cache)
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_leave_interrupts_to_the_parent)
        try:
            if folder is None:
                parsed = pool.map(parse_article_file, paths, [options] * len(paths), chunksize=chunk)
            else:  # the workers write the disk cache's entries too, in parallel
                parsed = _kept(pool.map(disk_cache.parse_and_keep, paths, [options] * len(paths), [folder] * len(paths),
                                        chunksize=chunk), cache, stamps)
            for result in parsed:
                results.append(result)
                progress.advance()
                if len(results) == 1:
                    _hold_for_tests()
        except KeyboardInterrupt:  # Ctrl-C: stop now, not after every queued file is parsed
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    else:
        for path in paths:
            results.append((parse or parse_article_file)(path, options))
            progress.advance()
    progress.close()
    if cache is not None:
        for result in results:
            cache.store(stamps[result.path], options, result)
    by_path = {**cached, **{r.path: r for r in results}, **flows}
    ordered = {s.path: by_path[s.path] for s in sources}
    for result in ordered.values():
        for diagnostic in result.diagnostics:
            reporter.report(diagnostic)
    return ordered


def _disk_folder(cache: ParseCache | None) -> Path | None:
    """The disk cache's folder, created, when parse workers should write entries into it."""
    folder = cache.disk_folder if cache is not None else None
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def _kept(outcomes, cache: ParseCache, stamps: dict):
    """Results of `disk_cache.parse_and_keep`: each stamp as the worker took it, and each entry
    written recorded as on disk, so the save after the build does not write it again."""
    for stamp, parsed, name in outcomes:
        stamps[parsed.path] = stamp
        if name is not None:
            cache.on_disk[name] = (stamp, parsed)
        yield parsed


def _hold_for_tests() -> None:
    """Tests of Ctrl-C during a build set KBGEN_HOLD_BUILD_FOR_TESTS to a file path: the build
    creates it once workers are parsing, then waits (at most two minutes) to be interrupted,
    so the test does not depend on how fast this machine parses."""
    ready = os.environ.get("KBGEN_HOLD_BUILD_FOR_TESTS")
    if not ready:
        return
    import time

    Path(ready).write_text("parsing\n")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.05)


def _leave_interrupts_to_the_parent() -> None:
    """Workers ignore Ctrl-C (the terminal sends it to them too); the parent stops them."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _discover(config: Config, reporter: Reporter, exclude: frozenset[Path], cache: ParseCache | None) -> SourceTree:
    """The content tree. Under `kbgen serve`, a save that changed only files the last walk listed
    (still regular files, not symlinks) reuses that walk and its diagnostics: at 10,000 articles
    the walk was a fifth of a reload."""
    key = (config.content_dir, exclude)
    if cache is not None and cache.listing is not None and cache.saved_only is not None:
        old_key, tree, diagnostics, listed = cache.listing
        if old_key == key and all(path in listed and regular_file(path) for path in cache.saved_only):
            for diagnostic in diagnostics:
                reporter.report(diagnostic)
            return tree
    start = len(reporter.diagnostics)
    tree = discover(config.content_dir, config.roots, reporter, exclude)
    if cache is not None:
        listed = {a.path for a in tree.articles} | tree.files
        listed |= {c.category_file for c in tree.categories if c.category_file is not None}
        cache.listing = (key, tree, tuple(reporter.diagnostics[start:]), frozenset(listed))
    return tree


def regular_file(path: Path) -> bool:
    """A regular file, not a symlink: one the walk's symlink rule would not need to see again."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _load_categories(tree: SourceTree, reporter: Reporter) -> dict[str, "_CategoryDraft"]:
    drafts = {}
    for source in tree.categories:
        values = read_category_file(source.category_file, reporter) if source.category_file else {}
        name = source.path.name if source.id else ""
        drafts[source.id] = _CategoryDraft(
            id=source.id, path=source.path, source=source.category_file,
            title=values.get("title") or humanize(name), description=values.get("description") or "",
            order=values.get("order"), icon=values.get("icon"),
        )
    return drafts


@dataclass(frozen=True)
class _CategoryDraft:
    """A category as read, before its children and articles are known."""

    id: str
    path: Path
    source: Path | None
    title: str
    description: str
    order: int | None
    icon: str | None


def _make_article(source: ArticleSource, result: ParsedFile, url: str, tags: tuple[str, ...], resolver: LinkResolver,
                  ids: set[str], git_dates: GitDates, reporter: Reporter) -> Article:
    meta, md = result.meta, result.markdown
    anchors = result.anchors
    hrefs = resolver.hrefs(source.path, md.refs, anchors)
    faq = tuple(FaqEntry(h.text, h.anchor, fill(answer, hrefs), text, h.line) for h, answer, text in md.questions)
    intro = fill(md.intro_html, hrefs) if md.questions else ""
    related = []
    resolver.looked_at.setdefault(source.path, set()).update(id_dep(r) for r in meta.get("related", ()))
    for related_id in meta.get("related", ()):
        if related_id in ids:
            related.append(related_id)
        else:
            line, column = find_line(source.path, related_id)
            reporter.warning("related-missing", f"related article '{related_id}' does not exist", source.path,
                             line, column, hint=resolver.suggest_id(related_id))
    flow = link_flow(result.flow, source.path, hrefs, resolver, reporter) if result.flow is not None else None
    return Article(
        id=source.id, source=source.path, url=url, output_path=output_path_for(url), category_id=source.category_id,
        type=meta.get("type", "article"), title=result.title, description=result.description,
        marked_html=md.html, hrefs=hrefs, text=md.text, headings=tuple(md.headings), faq=faq, intro_html=intro,
        section_spans=tuple(md.section_spans), intro_end=md.intro_end, search_terms=result.search_terms,
        order=meta.get("order"), tags=tags, keywords=meta.get("keywords", ()),
        featured=meta.get("featured", False), draft=meta.get("draft", False),
        audience=meta.get("audience", "public"), updated=meta.get("updated") or git_dates.get(source.path),
        reviewed=meta.get("reviewed"), review_every=meta.get("review_every"), owner=meta.get("owner"),
        aliases=meta.get("aliases", ()), related=tuple(related), flow=flow,
    )


def _report_shallow_dates(git_dates: GitDates, articles: dict[str, Article], config: Config, reporter: Reporter) -> None:
    undated = [a for a in articles.values() if a.updated is None and a.source in git_dates.shallow]
    if undated:
        reporter.warning("git-shallow", f"{len(undated)} article{'s get' if len(undated) != 1 else ' gets'} no date: this is a "
                         "shallow git clone, and their last change is older than its history",
                         config.content_dir, hint="fetch the whole history (actions/checkout: fetch-depth: 0), or set 'updated:'")


def sort_key(order: int | None, title: str) -> tuple:
    """`order` first (lowest first), then the rest by title."""
    return (order is None, order or 0, title.casefold())


def link_categories(drafts: dict[str, _CategoryDraft], articles: dict[str, Article], urls: UrlScheme) -> dict[str, Category]:
    by_parent: dict[str, list[str]] = defaultdict(list)
    for category_id in drafts:
        if category_id:
            by_parent[category_id.rpartition("/")[0]].append(category_id)
    in_category: dict[str, list[Article]] = defaultdict(list)
    for article in articles.values():
        in_category[article.category_id].append(article)
    result = {}
    for category_id, draft in drafts.items():
        children = sorted(by_parent.get(category_id, []), key=lambda c: sort_key(drafts[c].order, drafts[c].title))
        members = sorted(in_category.get(category_id, []), key=lambda a: sort_key(a.order, a.title))
        result[category_id] = Category(
            id=category_id, url=urls.category(category_id), title=draft.title, description=draft.description,
            order=draft.order, icon=draft.icon, parent_id=category_id.rpartition("/")[0] if category_id else None,
            source=draft.source or draft.path, children=tuple(children), articles=tuple(a.id for a in members),
        )
    return result
