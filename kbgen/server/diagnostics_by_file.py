"""A reload's diagnostics grouped by file, so that a patched save replaces the few files it touched
instead of filtering, hashing and sorting them all: cpp-docs reports 71,571, and doing that on
every save took half of it (0.2 s of 0.4)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from ..errors import Diagnostic


def _file_key(path: Path | None) -> str:
    return str(path or "")  # as Diagnostic.sort_key orders them


class DiagnosticsByFile:
    def __init__(self, groups: dict[Path | None, list[Diagnostic]]):
        self._groups = groups  # each list in Diagnostic.sort_key order; never modified once made
        self._sorted: list[Diagnostic] | None = None

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> DiagnosticsByFile:
        groups: dict[Path | None, list[Diagnostic]] = {}
        for diagnostic in diagnostics:
            groups.setdefault(diagnostic.path, []).append(diagnostic)
        for group in groups.values():
            group.sort(key=Diagnostic.sort_key)
        return cls(groups)

    def replaced(self, removed: Iterable[Diagnostic], added: Iterable[Diagnostic]) -> DiagnosticsByFile:
        """These diagnostics less one of each in `removed` (a problem may be reported twice), plus `added`."""
        gone: dict[Path | None, Counter] = {}
        for diagnostic in removed:
            gone.setdefault(diagnostic.path, Counter())[diagnostic] += 1
        new: dict[Path | None, list[Diagnostic]] = {}
        for diagnostic in added:
            new.setdefault(diagnostic.path, []).append(diagnostic)
        groups = dict(self._groups)
        for path in gone.keys() | new.keys():
            left = gone.get(path, Counter())
            kept = []
            for diagnostic in groups.get(path, ()):
                if left[diagnostic] > 0:
                    left[diagnostic] -= 1
                else:
                    kept.append(diagnostic)
            kept += new.get(path, ())
            kept.sort(key=Diagnostic.sort_key)
            if kept:
                groups[path] = kept
            else:
                groups.pop(path, None)
        return DiagnosticsByFile(groups)

    def sorted(self) -> list[Diagnostic]:
        """Every diagnostic in Reporter.sorted()'s order."""
        if self._sorted is None:
            out: list[Diagnostic] = []
            for path in sorted(self._groups, key=_file_key):
                out += self._groups[path]
            self._sorted = out
        return self._sorted
