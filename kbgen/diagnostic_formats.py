"""Diagnostics as `kbgen check --format` prints them: text for people, JSON for tools, and GitHub
workflow commands so CI annotates the pull request on the right line."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from .errors import Diagnostic, display_path


def as_text(diagnostics: Iterable[Diagnostic], relative_to: Path | None = None, translations: dict | None = None) -> str:
    return "".join(d.format(relative_to) + "\n" for d in diagnostics)


FLOOD = 20  # lines of one kind that build and serve print; `kbgen check` prints every one


def capped_text(diagnostics: Iterable[Diagnostic], limit: int = FLOOD) -> list[str]:
    """The lines a build prints: the first `limit` diagnostics of each severity and code, then one
    line per kind counting the rest (an imported help center starts with tens of thousands)."""
    seen: Counter = Counter()
    lines = []
    for d in diagnostics:
        seen[d.severity, d.code] += 1
        if seen[d.severity, d.code] <= limit:
            lines.append(d.format())
    for (severity, code), count in sorted(seen.items()):
        if count > limit:
            lines.append(f"kbgen: {severity}[{code}]: {count - limit:,} more of these not shown ({count:,} in all); "
                         "'kbgen check' lists every one")
    return lines


def as_json(diagnostics: Iterable[Diagnostic], relative_to: Path | None = None, translations: dict | None = None) -> str:
    items = [{
        "severity": d.severity, "code": d.code,
        "path": display_path(d.path, relative_to) if d.path is not None else None,
        "line": d.line, "column": d.column, "message": d.message, "hint": d.hint,
    } for d in diagnostics]
    data: dict = {"diagnostics": items}
    if translations:
        data["translations"] = translations  # language -> {"translated", "outdated", "missing"}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_github(diagnostics: Iterable[Diagnostic], relative_to: Path | None = None, translations: dict | None = None) -> str:
    """`::error file=PATH,line=N,col=M,title=...::message`; PATH relative to the working folder,
    which in a workflow is the repository root GitHub resolves annotation paths against."""
    lines = []
    for d in diagnostics:
        properties = []
        if d.path is not None:
            properties.append(f"file={_property(display_path(d.path, relative_to))}")
            if d.line is not None:
                properties.append(f"line={d.line}")
                if d.column is not None:
                    properties.append(f"col={d.column}")
        properties.append(f"title={_property(f'kbgen {d.code}')}")
        message = d.message + (f" ({d.hint})" if d.hint else "")
        level = {"error": "error", "note": "notice"}.get(d.severity, "warning")
        lines.append(f"::{level} {','.join(properties)}::{_data(message)}\n")
    return "".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
