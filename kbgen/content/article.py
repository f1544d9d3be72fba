"""Read one article file: decode, split front matter, render Markdown, pick title and description.

`parse_article_file` depends only on the file's bytes and the theme strings, so it runs in
worker processes and its result can be cached by content hash.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, Reporter
from ..model import Flow
from ..project_files import DecodeError, decode_utf8, read_bytes
from . import frontmatter
from ..search.terms import article_terms
from ..text import humanize, shorten
from .markdown import ParsedMarkdown, render_markdown

DESCRIPTION_LENGTH = 160


@dataclass(frozen=True)
class ParseOptions:
    """Everything besides the file's bytes that parsing depends on (so it is part of any cache key)."""

    labels: tuple[tuple[str, str], ...] = ()  # theme words Markdown writes into pages
    language: str = "en"  # selects the search tokenizer


@dataclass
class ParsedFile:
    path: Path
    ok: bool
    meta: dict[str, Any] = field(default_factory=dict)
    markdown: ParsedMarkdown | None = None
    title: str = ""
    description: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    digest: str = ""
    search_terms: dict[str, Any] | None = None
    flow: Flow | None = None  # a troubleshooter's steps, their links still markers (content/flow.py)

    @cached_property
    def anchors(self) -> frozenset[str]:
        """Its headings' anchors, what links into it may name (kept: serve asks on every save)."""
        return frozenset(h.anchor for h in self.markdown.headings) if self.markdown else frozenset()


def parse_article_file(path: Path, options: ParseOptions) -> ParsedFile:
    reporter = Reporter()
    try:
        data = read_bytes(path)
    except OSError as exc:
        reporter.error("read-error", f"cannot read the file: {exc.strerror or exc}", path)
        return ParsedFile(path, False, diagnostics=reporter.diagnostics)
    return parse_article_bytes(path, data, options, reporter)


def parse_article_bytes(path: Path, data: bytes, options: ParseOptions, reporter: Reporter | None = None) -> ParsedFile:
    reporter = reporter or Reporter()
    digest = hashlib.sha1(data).hexdigest()
    text = decode_source(path, data, reporter)
    if text is None:
        return ParsedFile(path, False, diagnostics=reporter.diagnostics, digest=digest)
    doc = frontmatter.parse(text, path, reporter)
    if not doc.ok:
        return ParsedFile(path, False, diagnostics=reporter.diagnostics, digest=digest)
    meta = doc.meta
    parsed = render_markdown(doc.body, doc.body_line, options.labels, faq=meta.get("type") == "faq")
    title = meta.get("title") or parsed.title or humanize(path.stem)
    description = meta.get("description") or shorten(parsed.first_paragraph, DESCRIPTION_LENGTH)
    if meta.get("type") == "faq" and not parsed.questions:
        reporter.warning("faq-empty", "a FAQ file with no questions", path, doc.body_line,
                         hint="write each question as a '## ' heading followed by its answer")
    report_missing_alt(parsed, path, reporter)
    terms = article_terms(title, meta.get("keywords", ()), description, parsed, options.language)
    return ParsedFile(path, True, meta, parsed, title, description, reporter.diagnostics, digest, terms)


def decode_source(path: Path, data: bytes, reporter: Reporter) -> str | None:
    """A source file's text, or None (reported) when it is not UTF-8 text."""
    try:
        text = decode_utf8(data)
    except DecodeError as exc:
        reporter.error("encoding", exc.message, path, exc.line, exc.column, hint="save the file with UTF-8 encoding")
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        reporter.error("encoding", "the file holds NUL bytes: it is not a text file", path, line)
        return None
    return text


def report_missing_alt(parsed: ParsedMarkdown, path: Path, reporter: Reporter) -> None:
    for line, column, src in parsed.missing_alt:
        reporter.warning("missing-alt", f"image '{src}' has no alt text" if src else "an image has no alt text", path, line, column,
                         hint="describe the image for readers who cannot see it: ![What it shows](file.png)")
