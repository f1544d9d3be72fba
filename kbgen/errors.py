"""Diagnostics: every problem kbgen reports to a writer, and the reporter that collects them.

Build code never prints. It hands problems to a `Reporter`, which the CLI prints;
`KbgenError` stops a stage once the stage has gathered everything it found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from rapidfuzz import fuzz, process

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a failure (not even under --strict)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: str
    code: str
    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def location(self, relative_to: Path | None = None) -> str:
        if self.path is None:
            return "kbgen"
        text = display_path(self.path, relative_to)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def format(self, relative_to: Path | None = None) -> str:
        """One line for a terminal or an editor; control characters from file names or content are
        shown escaped, so nothing a writer's files hold can drive the terminal."""
        text = f"{self.location(relative_to)}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

    def sort_key(self) -> tuple:
        return (str(self.path or ""), self.line or 0, self.column or 0, self.code, self.message)


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """The path as a writer's editor wants it: relative to the working folder when inside it."""
    base = (Path(relative_to) if relative_to is not None else Path.cwd()).resolve()
    if path.is_absolute():
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean' hint for the closest of a few choices (config keys, theme names), or None.
    Large sets such as article ids go through `suggest.Suggester`."""
    if len(word) > 100:  # nothing a writer meant as one of the choices
        return None
    found = process.extractOne(word, list(choices), scorer=fuzz.ratio, score_cutoff=60)
    return f"did you mean '{found[0]}'?" if found else None


class KbgenError(Exception):
    """The one exception a writer can cause; anything else escaping kbgen is a bug."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self):  # survive the trip back from a worker process
        return (self.__class__, (self.diagnostics,))


class UsageError(KbgenError):
    """A problem with how kbgen was called (exit status 2), not with the content."""


class Reporter:
    """Collects diagnostics in the order stages report them.

    `strict` makes warnings count as errors, which is what `--strict` asks for.
    `on_progress` lets the CLI draw a progress bar without the build knowing about terminals.
    """

    def __init__(self, strict: bool = False, on_progress: Callable[[str, int], "Progress"] | None = None):
        self.strict = strict
        self.keep_going = False  # `kbgen check`: gather past stage boundaries instead of stopping
        self.diagnostics: list[Diagnostic] = []
        self._on_progress = on_progress

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def error(self, code: str, message: str, path: Path | None = None, line: int | None = None,
              column: int | None = None, hint: str | None = None) -> None:
        self.report(Diagnostic(ERROR, code, message, path, line, column, hint))

    def warning(self, code: str, message: str, path: Path | None = None, line: int | None = None,
                column: int | None = None, hint: str | None = None) -> None:
        self.report(Diagnostic(WARNING, code, message, path, line, column, hint))

    def note(self, code: str, message: str, path: Path | None = None, line: int | None = None,
             column: int | None = None, hint: str | None = None) -> None:
        self.report(Diagnostic(NOTE, code, message, path, line, column, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    def failed(self) -> bool:
        """True when the build must stop: any error, or any warning under --strict."""
        return bool(self.errors) or (self.strict and bool(self.warnings))

    def raise_if_failed(self) -> None:
        """The end of a build: errors, and warnings under --strict, stop it."""
        if self.failed():
            raise KbgenError(self.sorted())

    def raise_on_errors(self) -> None:
        """A stage boundary: only errors stop here, so later stages still report their warnings."""
        if self.errors and not self.keep_going:
            raise KbgenError(self.sorted())

    def with_failure(self, exc: KbgenError) -> list[Diagnostic]:
        """What a failed stage raised, then everything else reported so far (each once)."""
        shown = set(exc.diagnostics)
        return exc.diagnostics + [d for d in self.sorted() if d not in shown]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    def progress(self, label: str, total: int) -> "Progress":
        if self._on_progress is None:
            return Progress()
        return self._on_progress(label, total)


class Progress:
    """A progress sink that shows nothing; the CLI supplies one that draws."""

    def advance(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass
