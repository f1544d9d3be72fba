"""Watch the project (and an outside theme folder) and call `on_change` once a burst of saves
has settled. Editors write temporary and backup files around a save; those are ignored."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

QUIET_SECONDS = 0.05  # a save is usually several events within a few milliseconds
MAX_DELAY_SECONDS = 0.5  # a long burst (git checkout) still reloads promptly
IGNORED_DIRS = frozenset({".git", ".kbgen", "node_modules", "__pycache__", ".venv", ".hg", ".svn"})
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_noise(path: str) -> bool:
    """Editor droppings and tool folders, never part of a site."""
    candidate = Path(path)
    name = candidate.name
    if name.startswith(".#") or name.endswith(IGNORED_SUFFIXES) or name == "4913":  # emacs lock, vim probe file
        return True
    return any(part in IGNORED_DIRS for part in candidate.parts)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: "Watcher"):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":  # a file inside changed: that file has its own event
            return
        paths = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
        relevant = [str(p) for p in paths if not is_noise(str(p)) and self.watcher.relevant(Path(str(p)))]
        if relevant:
            self.watcher.touch(relevant)


class Watcher:
    def __init__(self, roots: Iterable[Path], on_change: Callable[[list[str]], None],
                 relevant: Callable[[Path], bool] = lambda path: True):
        self.roots = [Path(r).resolve() for r in roots]
        self.relevant = relevant  # does a change to this path change the site?
        self.on_change = on_change
        self._pending: list[str] = []
        self._first = 0.0
        self._last = 0.0
        self._wake = threading.Condition()
        self._stopped = False
        self._observer = Observer()
        self._thread = threading.Thread(target=self._run, name="kbgen-reload", daemon=True)

    def observe(self) -> None:
        """Start recording changes; they are handed to `on_change` from `start()` on. Observing
        before the first load means no save can fall between what the load read and the watcher."""
        if self._observer.is_alive():
            return
        handler = _Handler(self)
        for root in self.roots:
            self._observer.schedule(handler, str(root), recursive=True)
        self._observer.daemon = True
        self._observer.start()

    def start(self) -> None:
        self.observe()
        self._thread.start()

    def touch(self, paths: list[str]) -> None:
        with self._wake:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.extend(paths)
            self._last = now
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                while True:  # wait for quiet, but not forever
                    now = time.monotonic()
                    due = min(self._last + QUIET_SECONDS, self._first + MAX_DELAY_SECONDS)
                    if now >= due or self._stopped:
                        break
                    self._wake.wait(due - now)
                changed, self._pending = sorted(set(self._pending)), []
            if self._stopped:
                return
            self.on_change(changed)

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify_all()
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=2)
