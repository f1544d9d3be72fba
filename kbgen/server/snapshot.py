"""One good build of the site, held in memory and rendered page by page as the browser asks.

A snapshot knows every output path the real build would write, but produces bytes only on
request: pages through the renderer of their language, search and SEO files on first use.
That is what keeps a reload cheap however many articles there are.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Mapping

from ..build import copied_files
from ..model import Site, SiteSet
from ..output import SiteFiles
from ..render import page_jobs
from ..search import build_unhashed, unhashed_urls
from ..seo import seo_files, seo_paths
from ..theme import Theme
from ..urls import output_path_for


class Snapshot:
    def __init__(self, sites: SiteSet, themes: Mapping[str, Theme]):
        self.sites = sites
        self.site = sites.default
        self.themes = themes
        self.pages: dict[str, Callable[[], str]] = {}
        claims = SiteFiles()
        # The same pages, copies and SEO names as the build (build.site_files), but nothing made yet.
        for output_path, render in page_jobs(sites, themes, {site.language: unhashed_urls(site.urls) for site in sites}):
            if claims.claim(output_path, "the page kbgen generates"):
                self.pages[output_path] = render
        for site in sites:
            for url in unhashed_urls(site.urls).values():
                claims.claim(url.lstrip("/"), "the search index")
        self.files: dict[str, Path] = {}
        for output_path, source, origin in copied_files(sites, themes):
            if claims.claim(output_path, origin, source):
                self.files[output_path] = source
        self.conflicts = claims.conflicts
        self.seo_paths = seo_paths(sites)
        self._rendered: dict[str, bytes] = {}
        self._lazy: dict[str, dict[str, bytes]] = {}
        self._lock = threading.Lock()

    def patched(self, sites: SiteSet, stale: frozenset[str] | None) -> "Snapshot":
        """This snapshot for `sites`, a patch of its own (site_patch.py): the same addresses, so
        no claims again; pages rendered so far kept unless `stale` names them (None: all are);
        search and SEO files made again on first use."""
        new = Snapshot.__new__(Snapshot)
        new.sites, new.site, new.themes = sites, sites.default, self.themes
        jobs = page_jobs(sites, self.themes, {site.language: unhashed_urls(site.urls) for site in sites})
        new.pages = {output_path: render for output_path, render in jobs if output_path in self.pages}
        new.files, new.conflicts, new.seo_paths = self.files, self.conflicts, self.seo_paths
        new._rendered = {} if stale is None else {p: b for p, b in self._rendered.items() if p not in stale}
        new._lazy = {}
        new._lock = threading.Lock()
        return new

    def render(self, output_path: str) -> bytes:
        """A page, rendered once per snapshot. Raises KbgenError on a template problem."""
        cached = self._rendered.get(output_path)
        if cached is None:
            cached = self.pages[output_path]().encode("utf-8")
            self._rendered[output_path] = cached
        return cached

    def samples(self) -> list[str]:
        """One page of every kind (home, category, article, FAQ, tags, search, 404), to try the templates."""
        picks = ["index.html"]
        for site in self.sites:
            urls = site.urls
            picks += [output_path_for(urls.home()), output_path_for(urls.tags()), output_path_for(urls.search()),
                      urls.not_found().lstrip("/")]
            picks.append(next((a.output_path for a in site.articles.values() if not a.is_faq), ""))
            picks.append(next((a.output_path for a in site.articles.values() if a.is_faq), ""))
            picks.append(next((output_path_for(c.url) for c in site.categories.values()
                               if not c.is_root and site.article_count(c.id)), ""))
        return [p for p in dict.fromkeys(picks) if p in self.pages]

    def lookup(self, output_path: str) -> bytes | Path | None:
        """What the build would have written at `output_path`: bytes, a source file to send, or None."""
        if output_path in self.pages:
            return self.render(output_path)
        if output_path in self.files:
            return self.files[output_path]
        for site in self.sites:
            if output_path.startswith(site.urls.search_file("").lstrip("/")):
                found = self._generated(f"search:{site.language}", lambda s=site: build_unhashed(s)).get(output_path)
                if found is not None:
                    return found
        if output_path in self.seo_paths:
            strings = {code: theme.strings for code, theme in self.themes.items()}
            return self._generated("seo", lambda: seo_files(self.sites, strings)).get(output_path)
        return None

    def not_found_for(self, site_path: str) -> str:
        """The output path of the 404 page for an address: its language's, else the root one."""
        for site in self.sites:
            if site.urls.prefix and site.urls.within(site_path):
                return site.urls.not_found().lstrip("/")
        return "404.html"

    def exists(self, output_path: str) -> bool:
        return output_path in self.pages or output_path in self.files

    def _generated(self, kind: str, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        files = self._lazy.get(kind)
        if files is None:
            with self._lock:  # two requests must not both build the search index
                files = self._lazy.get(kind)
                if files is None:
                    files = make()
                    self._lazy[kind] = files
        return files
