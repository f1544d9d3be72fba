"""One good build of the site, held in memory and rendered page by page as the browser asks.

A snapshot knows every output path the real build would write, but produces bytes only on
request: pages through the renderer, search and SEO files on first use. That is what keeps
a reload cheap however many articles there are.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from ..build import copied_files
from ..model import Site
from ..output import SiteFiles
from ..render import PageRenderer
from ..search import build_unhashed, unhashed_urls
from ..seo import seo_files
from ..theme import Theme
from ..urls import alias_output_path, output_path_for


class Snapshot:
    def __init__(self, site: Site, theme: Theme):
        self.site = site
        self.theme = theme
        self.renderer = PageRenderer(site, theme, unhashed_urls())
        self.pages: dict[str, Callable[[], str]] = {}
        claims = SiteFiles()
        for output_path, render in self.renderer.jobs():
            if claims.claim(output_path, "the page kbgen generates"):
                self.pages[output_path] = render
        for url in unhashed_urls().values():
            claims.claim(url.lstrip("/"), "the search index")
        self.files: dict[str, Path] = {}
        for output_path, source, origin in copied_files(site, theme):
            if claims.claim(output_path, origin, source):
                self.files[output_path] = source
        self.conflicts = claims.conflicts
        # What seo_files may write, known without building them (at 10,000 articles that takes a
        # second and kb.json alone is tens of megabytes): a browser's /favicon.ico must not pay for it.
        self.seo_paths = {"sitemap.xml", "robots.txt", "kb.json", "feed.xml", "_redirects"}
        self.seo_paths |= {alias_output_path(alias) for a in site.articles.values() for alias in a.aliases}
        self._rendered: dict[str, bytes] = {}
        self._lazy: dict[str, dict[str, bytes]] = {}
        self._lock = threading.Lock()

    def render(self, output_path: str) -> bytes:
        """A page, rendered once per snapshot. Raises KbgenError on a template problem."""
        cached = self._rendered.get(output_path)
        if cached is None:
            cached = self.pages[output_path]().encode("utf-8")
            self._rendered[output_path] = cached
        return cached

    def samples(self) -> list[str]:
        """One page of every kind (home, category, article, FAQ, tags, search, 404), to try the templates."""
        site = self.site
        picks = ["index.html", "tags/index.html", "search/index.html", "404.html"]
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
        if output_path.startswith("search/"):
            found = self._generated("search", lambda: build_unhashed(self.site)).get(output_path)
            if found is not None:
                return found
        if output_path in self.seo_paths or (output_path.startswith("sitemap-") and output_path.endswith(".xml")):
            return self._generated("seo", lambda: seo_files(self.site, self.theme.strings)).get(output_path)
        return None

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
