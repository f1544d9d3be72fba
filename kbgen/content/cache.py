"""Parsed articles kept between loads, so `kbgen serve` re-parses only the files a save changed.

A cached result is reused while the file's (mtime, size) stamp is unchanged, or, when the
stamp moved, while its bytes still hash to the same digest (an editor that rewrites a file
unchanged, a `git checkout` back and forth). The parse options are part of the key.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..model import Article
from .article import ParseOptions, ParsedFile
from ..errors import Diagnostic
from ..gitdates import GitDates
from .deps import Changes, Dep, file_dep, id_dep

Stamp = tuple[int, int]


@dataclass
class _Entry:
    stamp: Stamp
    options: ParseOptions
    parsed: ParsedFile


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


@dataclass
class LinkedArticle:
    """An article as resolution left it, with what its links looked at and the files it uses."""

    parsed: ParsedFile
    url: str
    tags: tuple[str, ...]
    article: Article
    diagnostics: list[Diagnostic]
    looked_at: frozenset[Dep]
    used: dict[Path, str]


@dataclass(frozen=True)
class LinkWorld:
    """Everything link resolution reads besides the article itself."""

    base_path: str
    articles: dict  # source path -> LinkTarget
    left_out: dict
    category_urls: dict
    known_files: frozenset
    site_urls: frozenset
    static_files: frozenset
    ids: frozenset

    def changes_since(self, old: "LinkWorld") -> Changes | None:
        """What differs between two worlds, as the dependencies it touches (content/deps.py); None: everything."""
        if old.base_path != self.base_path:
            return None
        paths: set[Path] = set()
        for new_map, old_map in ((self.articles, old.articles), (self.left_out, old.left_out),
                                 (self.category_urls, old.category_urls)):
            if new_map is not old_map:
                paths.update(k for k in new_map.keys() | old_map.keys() if new_map.get(k) != old_map.get(k))
        paths |= self.known_files ^ old.known_files
        paths |= self.static_files ^ old.static_files
        deps = {file_dep(p) for p in paths} | {id_dep(i) for i in self.ids ^ old.ids}
        return Changes(frozenset(deps), urls=self.site_urls != old.site_urls)


class ParseCache:
    def __init__(self, shared: "ParseCache | None" = None, root: Path | None = None) -> None:
        # Parsed files (and the hit counts) are shared by every language tree of a site; what
        # links looked at, and git dates, belong to one tree (`tree`).
        self._entries: dict[Path, _Entry] = shared._entries if shared is not None else {}
        self._stats: dict[str, int] = shared._stats if shared is not None else {"hits": 0, "misses": 0}
        self.root = root
        self._trees: dict[Path, ParseCache] = {}
        self.linked: dict[Path, LinkedArticle] = {}  # kept between loads by load_site
        self.world: LinkWorld | None = None
        self._git_dates: GitDates | None = None
        self._top: ParseCache = shared._top if shared is not None else self
        # content/disk_cache.py: the entries its folder holds, shared by every tree
        self.on_disk: dict[str, tuple] = shared.on_disk if shared is not None else {}
        self._disk_folder: Path | None = None
        self._saved_only: frozenset[Path] | None = None
        self.listing: tuple | None = None  # site.py: this tree's last walk, (key, SourceTree, diagnostics, paths listed)
        self.loaded = None  # site.py: the LoadedTree of the last load that succeeded, for patch_site

    @property
    def disk_folder(self) -> Path | None:
        """The folder of the disk cache this cache was loaded from (content/disk_cache.py), if any."""
        return self._top._disk_folder

    @disk_folder.setter
    def disk_folder(self, folder: Path | None) -> None:
        self._top._disk_folder = folder

    def tree(self, root: Path) -> "ParseCache":
        """The cache of the language tree at `root`."""
        found = self._trees.get(root)
        if found is None:
            found = self._trees[root] = ParseCache(self, root)
        return found

    @property
    def saved_only(self) -> frozenset[Path] | None:
        """The files the watcher saw change since the last load, when it saw every change (kbgen
        serve); None when anything may have changed. Lets a load reuse its last folder walk."""
        return self._top._saved_only

    @saved_only.setter
    def saved_only(self, paths: frozenset[Path] | None) -> None:
        self._top._saved_only = paths

    @property
    def hits(self) -> int:
        return self._stats["hits"]

    @hits.setter
    def hits(self, value: int) -> None:
        self._stats["hits"] = value

    @property
    def misses(self) -> int:
        return self._stats["misses"]

    @misses.setter
    def misses(self, value: int) -> None:
        self._stats["misses"] = value

    def lookup(self, path: Path, options: ParseOptions) -> ParsedFile | None:
        entry = self._entries.get(path)
        if entry is None or entry.options != options:
            self.misses += 1
            return None
        stamp = stamp_of(path)
        if stamp != entry.stamp:
            try:
                digest = hashlib.sha1(path.read_bytes()).hexdigest()
            except OSError:
                digest = None
            if stamp is None or digest != entry.parsed.digest:
                self.misses += 1
                return None
            entry.stamp = stamp
        self.hits += 1
        return entry.parsed

    def store(self, stamp: Stamp | None, options: ParseOptions, parsed: ParsedFile) -> None:
        """`stamp` must be taken before the file was read, so a save during parsing is never masked."""
        if stamp is not None and parsed.digest:
            self._entries[parsed.path] = _Entry(stamp, options, parsed)

    def entries(self) -> dict[Path, _Entry]:
        """A copy of the parsed entries, for the disk cache (content/disk_cache.py)."""
        return dict(self._entries)

    def restore(self, entries: dict[Path, _Entry]) -> None:
        self._entries.update(entries)

    def retain(self, paths: Iterable[Path]) -> None:
        """Forget files of this tree that are gone."""
        keep = set(paths)
        root = self.root
        for path in [p for p in self._entries if p not in keep and (root is None or p.is_relative_to(root))]:
            del self._entries[path]

    def git_dates(self, compute: Callable[[], GitDates]) -> GitDates:
        """Commit dates change only on commit, not on save: one `git log` per server session."""
        if self._git_dates is None:
            self._git_dates = compute()
        return self._git_dates

    def __len__(self) -> int:
        return len(self._entries)
