"""Last-commit dates of content files, for articles without `updated:`.

One `git log` for the whole content folder instead of one per file: at 10,000
articles that is the difference between a second and several minutes.

A shallow clone (CI's `fetch-depth: 1`) has a history that starts at a boundary commit which
seems to add every file; a date from it is the date of the clone's oldest commit, not of the
file's last change. Those files get no date, and the caller says so.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GitDates:
    dates: dict[Path, dt.date] = field(default_factory=dict)
    shallow: frozenset[Path] = frozenset()  # files whose only known commit is a shallow clone's boundary

    def get(self, path: Path) -> dt.date | None:
        return self.dates.get(path)


def last_commit_dates(folder: Path) -> GitDates:
    """The UTC date of the last commit touching each file under `folder` (nothing outside git)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel", "--git-path", "shallow"], cwd=folder,
                             capture_output=True, text=True, timeout=30)
        if top.returncode != 0:
            return GitDates()
        log = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=%x00%ct %H", "--name-only", "--no-renames",
             "--relative", "--", "."],
            cwd=folder, capture_output=True, timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return GitDates()
    if log.returncode != 0:
        return GitDates()
    boundary = _shallow_boundary(folder, top.stdout.splitlines())
    dates: dict[Path, dt.date] = {}
    shallow: set[Path] = set()
    current: dt.date | None = None
    at_boundary = False
    for raw in log.stdout.decode("utf-8", "replace").splitlines():
        if raw.startswith("\x00"):
            stamp, _, commit = raw[1:].partition(" ")
            current = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc).date()
            at_boundary = commit in boundary
        elif raw and current is not None:
            path = folder / raw
            if path in dates or path in shallow:
                continue
            if at_boundary:
                shallow.add(path)
            else:
                dates[path] = current
    return GitDates(dates, frozenset(shallow))


def _shallow_boundary(folder: Path, lines: list[str]) -> frozenset[str]:
    """The commits a shallow clone's history stops at (none in a full clone)."""
    if len(lines) < 2:
        return frozenset()
    shallow_file = Path(lines[1]) if Path(lines[1]).is_absolute() else folder / lines[1]
    try:
        return frozenset(shallow_file.read_text(encoding="ascii").split())
    except OSError:
        return frozenset()
