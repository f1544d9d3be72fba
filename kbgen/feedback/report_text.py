"""Writer- and reader-supplied text (comments, queries, titles, ids, step labels) made harmless for
where the report puts it: a spreadsheet cell, a terminal, a JSON document read in a terminal."""
from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, the line and paragraph separators, the bidirectional embeddings and
# overrides (U+202A-202E) and isolates (U+2066-2069): any of them can move the cursor, recolour or
# clear a terminal, or make text read in another order than it is stored.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, minus what JSON itself escapes (C0, and \x7f is harmless there but kept visible too).
_JSON_RISKY = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """`text` for a terminal: every control or reordering character written as an escape (\\x1b, \\u202e)."""
    return _INVISIBLE.sub(_escape, "" if text is None else str(text))


_INVISIBLE_IN_HTML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible_in_html(text: object) -> str:
    """`visible`, but tabs and line breaks stay (a page shows them as spaces): what a browser would not
    show, or would show in another order, is written as an escape, and a terminal paging the file
    meets no escape sequence."""
    return _INVISIBLE_IN_HTML.sub(_escape, "" if text is None else str(text))


def json_safe(document: str) -> str:
    """A JSON document with C1 controls, line separators and bidi controls escaped as \\uXXXX: the same
    data once parsed, but nothing a terminal acts on when the document is printed."""
    return _JSON_RISKY.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def csv_cell(value: object) -> object:
    """A CSV cell: text starting with = + - @ a tab or a carriage return would be a live formula in a
    spreadsheet, so it gets a leading single quote (OWASP's rule); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def percent(rate: float | None) -> str:
    """A rate as the report prints it ("-" where there is none)."""
    return "-" if rate is None else f"{rate:.0%}"


def count_or_dash(value: int | None) -> str:
    return "-" if value is None else str(value)
