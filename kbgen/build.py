"""The one place that knows the order of the stages: config, site, render, write."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .checks import check_site, check_theme_languages, check_translations, translation_summary
from . import page_memo
from .content import disk_cache
from .gc_tuning import fewer_collections
from .content.cache import ParseCache
from .content.discover import SOURCE_SUFFIXES
from .config import Config, load_config
from .errors import Diagnostic, KbgenError, Reporter
from .model import SiteSet
from .offline import relativize
from .output import SiteFiles, check_output_dir, clear_leftovers, write_site
from .render import page_jobs, render_pages
from .search import SearchBundle, build_search, unhashed_urls
from .search.stemming import stemmer_assets
from .seo import seo_files
from .languages import load_sites
from .theme import Theme


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path | None = None
    drafts: bool = False
    internal: bool = False
    base_url: str | None = None
    offline: bool = False
    cache: bool = False  # keep parsed articles between builds (the CLI turns it on)
    cache_dir: Path | None = None  # else $KBGEN_CACHE_DIR, else the user's cache folder


@dataclass
class BuildResult:
    out_dir: Path
    sites: SiteSet
    files: int
    bytes: int
    seconds: float
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")


def build(project_dir: Path, options: BuildOptions, reporter: Reporter) -> BuildResult:
    """Build the project into its output folder. Raises KbgenError (and writes nothing) on failure."""
    with fewer_collections():
        return _build(project_dir, options, reporter)


def _build(project_dir: Path, options: BuildOptions, reporter: Reporter) -> BuildResult:
    started = time.perf_counter()
    config = load_config(project_dir, options.base_url)
    out_dir = (options.out_dir or config.project_dir / "site").resolve()
    check_output_dir(out_dir, [config.project_dir, config.content_dir, config.static_dir, config.project_dir / "theme"])
    clear_leftovers(out_dir)  # even if this build fails: a killed one may have left the last good site aside
    cache, cache_file = None, None
    # On CI a cache in the user's folder dies with the machine: only a named folder is worth writing.
    if options.cache and (options.cache_dir or not os.environ.get("CI")):
        cache, cache_file = ParseCache(), disk_cache.cache_path(config.project_dir, "build", options.cache_dir)
        disk_cache.load(cache, cache_file)
    memo_file = None if cache_file is None else page_memo.memo_path(cache_file)
    memo = None if memo_file is None else page_memo.load(memo_file, out_dir)
    themes, sites = load_project(config, options, reporter, exclude=[out_dir], cache=cache)
    files = site_files(sites, themes, reporter, options.offline, memo=memo)
    reporter.raise_if_failed()
    write_site(files, out_dir)
    if cache is not None and cache.misses:
        disk_cache.save(cache, cache_file)
    if memo is not None:
        page_memo.save(memo, memo_file)
    return BuildResult(out_dir, sites, len(files), files.total_bytes(), time.perf_counter() - started, reporter.sorted())


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    articles: int
    seconds: float
    translations: dict[str, dict[str, int]] = field(default_factory=dict)  # language -> translated/outdated/missing


def check(project_dir: Path, options: BuildOptions, reporter: Reporter) -> CheckResult:
    """Everything a build would report, and everything rotting, without writing anything.

    Unlike a build it does not stop at the first stage with errors (`reporter.keep_going`), so one
    broken front matter does not hide the broken links of every other article. Pages are rendered
    in memory when the content is sound, so template problems are found too."""
    with fewer_collections():
        return _check(project_dir, options, reporter)


def _check(project_dir: Path, options: BuildOptions, reporter: Reporter) -> CheckResult:
    started = time.perf_counter()
    reporter.keep_going = True
    config = load_config(project_dir, options.base_url)
    themes, sites = load_project(config, options, reporter, exclude=[config.project_dir / "site"])
    if not reporter.errors:
        try:
            files = site_files(sites, themes, reporter, search_index=False)
            for conflict in files.conflicts:
                reporter.report(conflict)
        except KbgenError as exc:
            for diagnostic in exc.diagnostics:
                reporter.report(diagnostic)
    checked = {a.source for site in sites for a in site.articles.values()}
    checked |= {d.path for d in reporter.diagnostics if d.path is not None and d.path.name.lower().endswith(SOURCE_SUFFIXES)}
    return CheckResult(reporter.sorted(), len(checked), time.perf_counter() - started, translation_summary(sites))


Themes = Mapping[str, Theme]  # the theme of each language (its words; the templates and assets are shared)


def load_project(config: Config, options: BuildOptions, reporter: Reporter, exclude: list[Path],
                 cache: ParseCache | None = None, checked: list[Diagnostic] | None = None) -> tuple[Themes, SiteSet]:
    """Themes and sites, with every check run: what build, check and serve share. `checked` gets
    what `check_site` reported (kbgen serve runs it again when a patched save needs it)."""
    codes = [language.code for language in config.languages] or [config.site.language]
    themes = {code: Theme(config.for_language(code) if config.multilingual else config,
                          reporter if n == 0 else Reporter()) for n, code in enumerate(codes)}  # report theme files once
    if not config.site.url:
        reporter.warning("no-site-url", "site.url is not set: pages get no canonical URL or structured data, and there is no sitemap or feed",
                         config.config_path, 1 if config.config_path else None,
                         hint="add 'site: {url: https://help.example.com/}' to kbgen.yaml, or pass --base-url")
    check_theme_languages(config, themes, reporter)
    sites = load_sites(config, reporter, lambda code: themes[code].markdown_labels(), options.drafts, options.internal,
                       exclude=exclude, cache=cache)
    for site in sites:
        start = len(reporter.diagnostics)
        check_site(site, reporter)
        if checked is not None:
            checked += reporter.diagnostics[start:]
    check_translations(sites, reporter)
    return themes, sites


def site_files(sites: SiteSet, themes: Themes, reporter: Reporter, offline: bool = False, search_index: bool = True,
               memo: page_memo.PageMemo | None = None) -> SiteFiles:
    """Every output file of the build, in memory or as a copy source, by output path.

    `search_index=False` (kbgen check) leaves the index out: it cannot fail, and at 10,000
    articles it is a quarter of the time. With a `memo`, the pages whose inputs have not changed
    since the previous build are its files, linked again rather than rendered (page_memo.py)."""
    files = SiteFiles()
    bundles = {}
    for site in sites:
        bundles[site.language] = build_search(site, offline) if search_index else SearchBundle({}, unhashed_urls(site.urls))
        for output_path, data in bundles[site.language].files.items():
            files.add_bytes(output_path, data, "the search index")
    for output_path, data in seo_files(sites, {code: theme.strings for code, theme in themes.items()}).items():
        files.add_bytes(output_path, data, "kbgen")
    search_urls = {language: bundle.urls for language, bundle in bundles.items()}
    for output_path, data in render_pages(page_jobs(sites, themes, search_urls, offline), reporter, memo).items():
        files.add_bytes(output_path, data, "the page kbgen generates")
    for output_path in sorted(memo.reused if memo is not None else ()):
        files.add_copy(output_path, memo.previous_file(output_path), "the page kbgen generates")
    if offline:
        base = sites.config.base_path
        for output_path, data in list(files.contents.items()):
            if output_path.endswith(".html"):
                files.contents[output_path] = relativize(data, output_path, base)
    for output_path, source, origin in copied_files(sites, themes):
        files.add_copy(output_path, source, origin)
    return files


def copied_files(sites: SiteSet, themes: Themes) -> list[tuple[str, Path, str]]:
    """(output path, source, origin) of every file published as it is: theme assets, the files
    articles use, static/. The build copies them; kbgen serve sends them."""
    theme = themes[sites.default.language]
    # Of the vendored Snowball stemmers (a megabyte in all), only those of the site's languages;
    # the licences go with them, the notes on regenerating them do not.
    needed = {name for site in sites for name in stemmer_assets(site.language)}
    copies = [(a.output_path, a.source, f"theme asset '{a.source.name}'") for name, a in theme.assets.items()
              if not name.startswith("vendor/snowball/") or name in needed or "COPYING" in name or "LICENSE" in name]
    for site in sites:
        copies += [(a.output_path, a.source, f"'{a.source.name}'") for a in site.assets]
    return copies + [(output, source, f"static/{output}") for output, source in sites.default.static_files.items()]


__all__ = ["BuildOptions", "BuildResult", "build", "KbgenError"]
