"""Split an article into front matter and body, and validate the front matter."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import yamlutil
from ..errors import Reporter
from ..outpaths import segment_problem
from ..yamlutil import Field

FIELDS = {
    "title": Field("str"),
    "description": Field("str"),
    "slug": Field("str"),
    "order": Field("int"),
    "tags": Field("str_list"),
    "keywords": Field("str_list"),
    "featured": Field("bool"),
    "draft": Field("bool"),
    "audience": Field("choice", ("public", "internal")),
    "updated": Field("date"),
    "reviewed": Field("date"),
    "review_every": Field("int", minimum=1),
    "owner": Field("str"),
    "aliases": Field("str_list"),
    "related": Field("str_list"),
    "type": Field("choice", ("article", "faq")),
}

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_SLUG_OK = re.compile(r"^[^/\\?#%\s]+$")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


@dataclass
class Document:
    """An article's source split in two; `body_line` is the 1-based file line where the body starts."""

    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    ok: bool = True


def split(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, body_line). Raises ValueError when unterminated."""
    if not (text.startswith("---\n") or text.startswith("---\r\n") or text.rstrip("\r\n") == "---"):
        return None, text, 1
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise ValueError("front matter starts with '---' but has no closing '---' line")


def parse(text: str, path: Path, reporter: Reporter) -> Document:
    """Split and validate; every problem goes to `reporter` with its file line."""
    try:
        meta_text, body, body_line = split(text)
    except ValueError as exc:
        reporter.error("frontmatter-unclosed", str(exc), path, 1, 1, hint="add a line with just '---' after the last key")
        return Document(ok=False)
    doc = Document(body=body, body_line=body_line)
    if meta_text is None:
        return doc
    try:
        data, duplicates = yamlutil.load_with_duplicates(meta_text)
    except yamlutil.YamlSyntaxError as exc:
        line = None if exc.line is None else exc.line + 1
        reporter.error("frontmatter-syntax", exc.message, path, line, exc.column,
                       hint="front matter is YAML: 'key: value' per line; quote values containing ': '")
        doc.ok = False
        return doc
    if data is None:
        return doc
    if not isinstance(data, dict):
        reporter.error("frontmatter-syntax", "front matter must be 'key: value' lines", path, 2, 1)
        doc.ok = False
        return doc
    values, problems = yamlutil.check_mapping(data, FIELDS)
    problems = duplicates + problems + value_problems(values)
    errors = yamlutil.report_key_problems(reporter, path, meta_text, 1, problems, FIELDS, "frontmatter")
    doc.ok = not errors
    doc.meta = values
    return doc


def value_problems(values: dict[str, Any]) -> list[yamlutil.Problem]:
    """What the types allow but an address does not: a slug that is not one URL segment, an alias
    that is not a path on this site. A bad slug is dropped from `values`."""
    problems: list[yamlutil.Problem] = []
    slug = values.get("slug")
    if slug is not None and (not _SLUG_OK.match(slug) or segment_problem(slug)):
        problems.append(yamlutil.Problem(("slug",), f"'slug' must be one URL segment (a name, not '.' or '..') without spaces, '/', '?', '#' or '%', not {slug!r}"))
        values.pop("slug")
    for index, alias in enumerate(values.get("aliases", ())):
        if not alias.startswith("/") or alias.startswith("//"):
            problems.append(yamlutil.Problem(("aliases", index), f"alias {alias!r} must be a path on this site starting with /"))
        elif _SPACE_OR_CONTROL.search(alias):
            problems.append(yamlutil.Problem(("aliases", index), f"alias {alias!r} must not hold spaces or control characters "
                                             "(write a space as %20)"))
    return problems
