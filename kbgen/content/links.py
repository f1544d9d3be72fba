"""Resolve the links and images articles write to their final URLs, and report broken ones."""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..errors import Reporter
from ..suggest import Suggester
from .deps import Dep, file_dep, url_dep
from .discover import SOURCE_SUFFIXES, source_stem
from ..slugs import url_segment
from ..urls import href
from .markdown import Ref


@dataclass(frozen=True)
class LinkTarget:
    """What a link to an article source can point at."""

    id: str
    url: str
    anchors: frozenset[str]


class LinkResolver:
    def __init__(self, content_root: Path, static_dir: Path, base_path: str, reporter: Reporter,
                 articles: dict[Path, LinkTarget], left_out: dict[Path, str], category_urls: dict[Path, str],
                 known_files: set[Path], site_urls: set[str], static_files: frozenset[Path] = frozenset()):
        self.content_root = content_root
        self.static_dir = static_dir
        self.base_path = base_path
        self.reporter = reporter
        self.articles = articles
        self.left_out = left_out
        self.category_urls = category_urls
        self.known_files = known_files
        self.site_urls = site_urls
        self.static_files = static_files  # only what static/'s walk allowed (no symlink out of the project)
        self.assets: dict[Path, str] = {}  # source file -> output path, for every file some article uses
        self._ids: Suggester | None = None  # built on the first broken link
        self._anchor_hints: dict[int, tuple[frozenset[str], Suggester]] = {}
        # What each article's links looked at, and the files it uses: `kbgen serve` re-resolves an
        # unchanged article only when one of these changed (see content/cache.py).
        self.looked_at: dict[Path, set[Dep]] = {}
        self.used: dict[Path, dict[Path, str]] = {}
        self._targets: dict[tuple[str, str], Path] = {}

    def hrefs(self, source: Path, refs: list[Ref], own_anchors: frozenset[str]) -> tuple[str, ...]:
        """Each ref's resolved URL, escaped for an attribute (its problems reported once: a FAQ's
        answers share their page's refs)."""
        folder = str(source.parent)
        return tuple(html.escape(self._resolve(source, folder, ref, own_anchors), quote=True) for ref in refs)

    def _target(self, folder: str, path: str) -> Path:
        """The file a relative link names. Articles of one folder link the same few files (cpp-docs:
        98,000 links), and building a Path for each was a second of every load."""
        key = (folder, path)
        target = self._targets.get(key)
        if target is None:
            target = self._targets[key] = Path(os.path.normpath(os.path.join(folder, path)))
        return target

    def _resolve(self, source: Path, folder: str, ref: Ref, own_anchors: frozenset[str]) -> str:
        looked_at = self.looked_at.setdefault(source, set())
        raw_path, _, fragment = ref.target.partition("#")
        raw_path, _, query = raw_path.partition("?")
        path = unquote(raw_path)
        fragment = unquote(fragment)
        suffix = ("?" + query if query else "") + ("#" + fragment if fragment else "")
        if not path:
            if fragment and fragment not in own_anchors:
                self._warn_anchor(source, ref, fragment, own_anchors, "this page")
            return ref.target
        if path.startswith("/"):
            looked_at.add(url_dep(path))
            return self._resolve_site_path(source, ref, path, suffix)
        target = self._target(folder, path)
        looked_at.add(file_dep(target))
        if target.name.lower().endswith(SOURCE_SUFFIXES):
            return self._resolve_article(source, ref, target, fragment, suffix)
        if target in self.category_urls:
            return href(self.base_path, self.category_urls[target]) + suffix
        if target in self.known_files or target in self.static_files:
            return self._resolve_file(source, target) + suffix
        what = "image" if ref.kind == "image" else "file"
        code = "missing-image" if ref.kind == "image" else "broken-link"
        self.reporter.warning(code, f"{what} '{path}' does not exist", source, ref.line, ref.column,
                              hint=f"expected at {os.path.relpath(target, self.content_root.parent)}")
        return ref.target

    def _resolve_article(self, source: Path, ref: Ref, target: Path, fragment: str, suffix: str) -> str:
        found = self.articles.get(target)
        if found is None:
            reason = self.left_out.get(target)
            if reason:
                self.reporter.warning("broken-link", f"links to {reason}, which this build leaves out", source,
                                      ref.line, ref.column, hint="link to a public article instead, or build with --drafts / --internal")
            elif not _within(target, self.content_root):
                self.reporter.warning("broken-link", f"'{ref.target.partition('#')[0]}' is outside the content folder",
                                      source, ref.line, ref.column, hint="link to its published address (https://...) instead")
            else:
                wanted = _article_id(target, self.content_root)
                self.reporter.warning("broken-link", f"no article '{wanted}'", source, ref.line, ref.column,
                                      hint=self.suggest_id(wanted))
            return ref.target
        if fragment and fragment not in found.anchors:
            self._warn_anchor(source, ref, fragment, found.anchors, f"'{found.id}'")
        return href(self.base_path, found.url) + suffix

    def _resolve_site_path(self, source: Path, ref: Ref, path: str, suffix: str) -> str:
        if path.lower().endswith(SOURCE_SUFFIXES):
            target = Path(os.path.normpath(self.content_root / path.lstrip("/")))
            self.looked_at[source].add(file_dep(target))
            return self._resolve_article(source, ref, target, suffix.partition("#")[2], suffix)
        candidates = {path, path.rstrip("/") + "/"}
        static_file = self.static_dir / path.lstrip("/")
        self.looked_at[source].add(file_dep(static_file))
        if not (candidates & self.site_urls) and static_file not in self.static_files:
            self.reporter.warning("broken-link", f"no page or file at '{path}' on this site", source, ref.line, ref.column)
            return ref.target
        return href(self.base_path, path) + suffix

    def _resolve_file(self, source: Path, target: Path) -> str:
        if _within(target, self.static_dir):
            return href(self.base_path, "/" + target.relative_to(self.static_dir).as_posix())
        output = self.assets.get(target)
        if output is None:
            output = asset_output_path(target, self.content_root)
            self.assets[target] = output
        self.used.setdefault(source, {})[target] = output
        return href(self.base_path, "/" + output)

    def target_of_id(self, article_id: str) -> LinkTarget | None:
        """The published article with this id (a troubleshooter's answers name articles by id)."""
        return self._by_id(self.articles, article_id)

    def left_out_reason(self, article_id: str) -> str | None:
        """Why an article id this build does not publish is left out ("draft article 'x'"), if it exists."""
        return self._by_id(self.left_out, article_id)

    def _by_id(self, by_path: dict, article_id: str):
        # The id's own file names first (a lookup each); a file whose name is not the id's own
        # spelling (decomposed accents on macOS) is found by the walk after them.
        for suffix in SOURCE_SUFFIXES:
            found = by_path.get(Path(os.path.normpath(self.content_root / (article_id + suffix))))
            if found is not None:
                return found
        for path, found in by_path.items():
            if _article_id(path, self.content_root) == article_id:
                return found
        return None

    def suggest_id(self, wanted: str) -> str | None:
        """A 'did you mean' hint for an article id that does not exist."""
        if self._ids is None:
            self._ids = Suggester(t.id for t in self.articles.values())
        return self._ids.hint(wanted)

    def _warn_anchor(self, source: Path, ref: Ref, fragment: str, anchors: frozenset[str], where: str) -> None:
        known = self._anchor_hints.get(id(anchors))
        if known is None:
            known = self._anchor_hints[id(anchors)] = (anchors, Suggester(anchors, cutoff=0.6))  # holding `anchors` keeps its id unique
        self.reporter.warning("broken-anchor", f"no heading '#{fragment}' in {where}", source, ref.line, ref.column,
                              hint=known[1].hint(fragment))


def asset_output_path(source: Path, content_root: Path) -> str:
    """Files keep their name and sit under their category's URL folder: `billing/img/form.png`."""
    parts = source.relative_to(content_root).parts
    return "/".join([url_segment(p) for p in parts[:-1]] + [parts[-1]])


def _article_id(path: Path, content_root: Path) -> str:
    try:
        rel = path.relative_to(content_root).as_posix()
    except ValueError:
        return path.as_posix()
    return rel[: len(rel) - len(path.name)] + source_stem(path)


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
