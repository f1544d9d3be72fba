"""The live site: the last good snapshot, the problems of the latest reload, and an epoch that
browsers wait on. Reloads run on the watcher thread while requests keep reading the old snapshot;
the swap is one reference assignment."""
from __future__ import annotations

import dataclasses
import gc
from types import MappingProxyType
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..build import BuildOptions, load_project
from ..gc_tuning import fewer_collections
from ..checks import check_site
from ..model import SiteSet
from ..site_patch import patch_site
from ..config import Config, FeedbackConfig, load_config
from ..content.cache import ParseCache
from ..errors import Diagnostic, KbgenError, Reporter
from ..content import disk_cache
from .diagnostics_by_file import DiagnosticsByFile
from .snapshot import Snapshot


@dataclass
class ReloadResult:
    ok: bool
    seconds: float
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: int = 0  # files parsed again (the rest came from the cache)
    patched: bool = False  # the save was applied to the last site (site_patch.py), not loaded in full
    # For a patch: what left and what joined `diagnostics` (the rest are the last reload's).
    change: tuple[list[Diagnostic], list[Diagnostic]] | None = None


class LiveSite:
    def __init__(self, project_dir: Path, drafts: bool = True, internal: bool = False, persist: bool = False):
        self.project_dir = Path(project_dir).resolve()
        self.drafts = drafts
        self.internal = internal
        self.cache = ParseCache()
        self.snapshot: Snapshot | None = None
        self.config: Config | None = None  # of the last successful config load, for the watcher
        self.errors: list[Diagnostic] = []  # of the latest reload; shown in the overlay while non-empty
        self._boot = secrets.token_hex(4)
        self._count = 0
        self._changed = threading.Condition()
        self._reload_lock = threading.Lock()
        self.closed = False
        self._frozen = False
        self._loaded: _Loaded | None = None  # set after a full reload that a save may patch (one language)
        self.cache_file = disk_cache.cache_path(self.project_dir) if persist else None
        self._saving: threading.Thread | None = None  # the first load's cache save (_save_in_background)
        with fewer_collections():
            self.restored = disk_cache.load(self.cache, self.cache_file) if self.cache_file else 0
        # The first load writes no entries from its parse workers: its cache is saved once the
        # site is served. Later loads parse a few files, and their workers write them.
        self._parse_folder, self.cache.disk_folder = self.cache.disk_folder, None

    @property
    def epoch(self) -> str:
        """Changes on every reload, and on every server start (so an open tab reloads after a restart)."""
        return f"{self._boot}-{self._count}"

    def reload(self, saved: list[str] | None = None) -> ReloadResult:
        """Load the project again. `saved`: every file the watcher saw change since the last
        reload, when it is the watcher asking; a reload of only files the site already had
        reuses the last folder walk (site.py)."""
        with self._reload_lock, fewer_collections():
            started = time.perf_counter()
            reporter = Reporter()
            misses = self.cache.misses
            self.cache.saved_only = frozenset(Path(p) for p in saved) if saved is not None else None
            if saved is not None and self._loaded is not None:
                patched = self._patch(self.cache.saved_only, started)
                if patched is not None:
                    return patched
            self._loaded = None
            checked: list[Diagnostic] = []
            try:
                config = serve_config(load_config(self.project_dir))
                self.config = config
                options = BuildOptions(drafts=self.drafts, internal=self.internal)
                themes, sites = load_project(config, options, reporter, [self.project_dir / "site"], self.cache, checked)
                snapshot = Snapshot(sites, themes)
                if snapshot.conflicts:
                    raise KbgenError(snapshot.conflicts)
                for output_path in snapshot.samples():  # template problems surface now, not on the next click
                    snapshot.render(output_path)
                reporter.raise_on_errors()
            except KbgenError as exc:
                problems = reporter.with_failure(exc)
                self._publish(None, [d for d in problems if d.severity == "error"])
                return ReloadResult(False, time.perf_counter() - started, problems, self.cache.misses - misses)
            self._publish(snapshot, [])
            by_file = DiagnosticsByFile.of(reporter.diagnostics)
            if not config.multilingual:
                self._loaded = _Loaded(by_file, checked)
            if self.cache_file is not None and not self._frozen and self.cache.misses > misses:
                self._save_in_background()  # only when this start had to parse something
            if not self._frozen:
                # The first load made the bulk of what lives for the whole session (the parse cache).
                # Moved out of the collector's sight, a full collection after a save no longer walks
                # it: at 10,000 articles that was 0.4 s on two saves in three. Objects without
                # cycles are still freed by reference counting when a save replaces them.
                gc.collect()
                gc.freeze()
                self._frozen = True
                self.cache.disk_folder = self._parse_folder
            return ReloadResult(True, time.perf_counter() - started, by_file.sorted(), self.cache.misses - misses)

    def _patch(self, saved: frozenset[Path], started: float) -> ReloadResult | None:
        """A save of article bodies applied to the last site in place of a full load (site_patch.py);
        None when it needs a full load."""
        old = self.snapshot
        patch = patch_site(old.site, self.cache, saved)
        if patch is None:
            return None
        removed, added = list(patch.removed), list(patch.added)
        checked = self._loaded.checked
        if patch.face_changed:
            reporter = Reporter()
            check_site(patch.site, reporter)
            removed += checked
            added += reporter.diagnostics
            checked = reporter.diagnostics
        diagnostics = self._loaded.diagnostics.replaced(removed, added)
        sites = SiteSet(old.sites.config, MappingProxyType({patch.site.language: patch.site}))
        snapshot = old.patched(sites, None if patch.face_changed else patch.pages)
        try:
            for output_path in sorted(patch.pages)[:20]:  # template problems surface now, as after a full load
                snapshot.render(output_path)
        except KbgenError:
            return None
        self._loaded = _Loaded(diagnostics, checked)
        self._publish(snapshot, [])
        return ReloadResult(True, time.perf_counter() - started, diagnostics.sorted(), patch.parsed, patched=True,
                            change=(removed, added))

    def _publish(self, snapshot: Snapshot | None, errors: list[Diagnostic]) -> None:
        with self._changed:
            if snapshot is not None:
                self.snapshot = snapshot
            self.errors = errors
            self._count += 1
            self._changed.notify_all()

    def wait_for_change(self, seen: str, timeout: float) -> str:
        """Block until the epoch differs from `seen` (or `timeout` passes); return the epoch."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.epoch == seen and not self.closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return self.epoch

    def _save_in_background(self) -> None:
        """Write the parse cache of the first load once the site is served. A cold start of 10,000
        articles spent 2.5 s of its 11 writing it (the parse workers encoding entries, the disk);
        the reader waits for none of it now. A reload waits for it (it holds the reload lock), and
        so does close(), so a quick stop does not lose the next start its cache."""
        def save() -> None:
            with self._reload_lock:
                disk_cache.save(self.cache, self.cache_file)

        self._saving = threading.Thread(target=save, name="kbgen-cache-save", daemon=True)
        self._saving.start()

    @property
    def saving(self) -> bool:
        """Whether the first load's parse cache is still being written."""
        return self._saving is not None and self._saving.is_alive()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()
        if self._saving is not None:
            self._saving.join()


@dataclass
class _Loaded:
    """What the last good reload reported, in all and from check_site, for the next patch."""

    diagnostics: DiagnosticsByFile
    checked: list[Diagnostic]


def serve_config(config: Config) -> Config:
    """Votes from a local preview go to the local endpoint, never to the production one."""
    endpoint = config.feedback.endpoint
    if endpoint and not endpoint.startswith("/"):
        local = urlsplit(endpoint).path or "/api/feedback"
        return dataclasses.replace(config, feedback=FeedbackConfig(endpoint=local))
    return config
