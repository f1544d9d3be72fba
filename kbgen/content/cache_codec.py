"""Parsed files as plain JSON data, for the caches kept on disk between runs.

JSON, not pickle: a cache folder may be restored by CI from a store other workflows can write
to, and loading a pickle runs whatever code it names. Data that is not what this codec writes is
refused (ValueError), and the caller parses the file again.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import Diagnostic
from ..model import Heading
from .article import ParseOptions, ParsedFile
from .markdown import ParsedMarkdown, Ref
from ..search.terms import terms_from_data, terms_to_data


def entry_to_data(stamp, options: ParseOptions, parsed: ParsedFile) -> list:
    md = parsed.markdown
    return [
        list(stamp), [list(map(list, options.labels)), options.language],
        str(parsed.path), parsed.ok, _meta_to_data(parsed.meta), parsed.title, parsed.description, parsed.digest,
        [[d.severity, d.code, d.message, None if d.path is None else str(d.path), d.line, d.column, d.hint]
         for d in parsed.diagnostics],
        terms_to_data(parsed.search_terms),
        None if md is None else [
            md.html, md.text, [_heading(h) for h in md.headings],
            [[r.kind, r.target, r.line, r.column, r.alt] for r in md.refs], md.title, list(md.first_paragraph_span),
            [list(s) for s in md.section_spans], md.intro_html, md.intro_end,
            [[_heading(h), html, text] for h, html, text in md.questions], [list(m) for m in md.missing_alt],
        ],
    ]


def entry_from_data(data: list) -> tuple[tuple[int, int], ParseOptions, ParsedFile]:
    try:
        stamp, (labels, language), path, ok, meta, title, description, digest, diagnostics, terms, md = data
        markdown = None
        if md is not None:
            html, text, headings, refs, md_title, first, spans, intro_html, intro_end, questions, missing = md
            markdown = ParsedMarkdown(
                html=html, text=text, headings=[Heading(*h) for h in headings], refs=[Ref(*r) for r in refs],
                title=md_title, first_paragraph_span=tuple(first), section_spans=[tuple(s) for s in spans],
                intro_html=intro_html, intro_end=int(intro_end), questions=[(Heading(*h), a, b) for h, a, b in questions],
                missing_alt=[tuple(m) for m in missing])
        own = Path(path)  # nearly every diagnostic names it: one Path, not one per diagnostic (71,571 in cpp-docs)
        parsed = ParsedFile(
            path=own, ok=bool(ok), meta=_meta_from_data(meta), markdown=markdown, title=title,
            description=description,
            diagnostics=[Diagnostic(s, c, m, None if p is None else own if p == path else Path(p), li, co, h)
                         for s, c, m, p, li, co, h in diagnostics],
            digest=digest, search_terms=terms_from_data(terms))
        options = _shared_options(tuple(tuple(pair) for pair in labels), language)
        return (int(stamp[0]), int(stamp[1])), options, parsed
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise ValueError(f"not a parse cache entry: {exc}") from None


def _heading(h: Heading) -> list:
    return [h.level, h.text, h.anchor, h.line]


def _meta_to_data(meta: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in meta.items():
        if isinstance(value, dt.date):
            out[key] = {"date": value.isoformat()}
        elif isinstance(value, tuple):
            out[key] = {"list": list(value)}
        else:
            out[key] = value
    return out


def _meta_from_data(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, dict) and "date" in value:
            out[key] = dt.date.fromisoformat(value["date"])
        elif isinstance(value, dict) and "list" in value:
            out[key] = tuple(value["list"])
        else:
            out[key] = value
    return out


_OPTIONS: dict[tuple, ParseOptions] = {}


def _shared_options(labels: tuple[tuple[str, str], ...], language: str) -> ParseOptions:
    """One ParseOptions per distinct set, as a parse gives every file the same one: a copy of the
    theme's words per entry was 12 MB of kbgen serve at 10,000 articles."""
    key = (labels, language)
    found = _OPTIONS.get(key)
    if found is None:
        if len(_OPTIONS) > 64:  # a handful per site (one per language); never grow without bound
            _OPTIONS.clear()
        found = _OPTIONS[key] = ParseOptions(labels, language)
    return found

