"""Markdown to HTML with markdown-it-py, collecting what later stages need.

`render_markdown` is a pure function of the body text and the theme strings, so its
result can be cached by content hash. Links and images that point inside the project
are left as numbered markers (`REF_OPEN n REF_CLOSE`); `links.py` swaps in the final
URLs once every article's URL is known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from ..model import Heading
from .markers import REF_CLOSE, REF_OPEN, unmarked
from ..slugs import AnchorSet

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
ALERT_KINDS = ("note", "tip", "important", "warning", "caution")


@dataclass(frozen=True, slots=True)
class Ref:
    """A link or image target written in the Markdown, with where it was written."""

    kind: str  # "link" or "image"
    target: str
    line: int
    column: int | None
    alt: str = ""


@dataclass(slots=True)
class ParsedMarkdown:
    html: str
    text: str
    headings: list[Heading] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    title: str | None = None
    first_paragraph_span: tuple[int, int] = (0, 0)  # the first paragraph's text, stripped: text[start:end]
    # Each "## " section's text is a stretch of `text`: (h2 anchor, start, end). Held as offsets,
    # not copies: at 10,000 articles the copies were 35 MB of every build's and server's memory.
    section_spans: list[tuple[str, int, int]] = field(default_factory=list)
    intro_html: str = ""
    intro_end: int = 0  # the text before the first "## " section is text[:intro_end]
    questions: list[tuple[Heading, str, str]] = field(default_factory=list)  # (heading, answer html, answer text)
    missing_alt: list[tuple[int, int | None, str]] = field(default_factory=list)  # images without alt text: (line, column, src)

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(h2 anchor, the text under that heading), in order."""
        return [(anchor, self.text[start:end]) for anchor, start, end in self.section_spans]

    @property
    def intro_text(self) -> str:
        return self.text[:self.intro_end]

    @property
    def first_paragraph(self) -> str:
        start, end = self.first_paragraph_span
        return self.text[start:end]


def is_internal(target: str) -> bool:
    return bool(target) and not _EXTERNAL.match(target)


@lru_cache(maxsize=8)
def _parser(labels: tuple[tuple[str, str], ...]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.options["tasklists"] = True
    md.options["alerts"] = True
    md.use(footnote_plugin, inline=False)
    md.use(gfm_autolink_plugin)
    words = dict(labels)

    def localize_alerts(state: Any) -> None:
        tokens = state.tokens
        for index, token in enumerate(tokens):
            if token.type == "alert_open":
                kind = token.info.lower()
                token.attrSet("class", f"callout callout-{kind}")
                token.attrSet("role", "note")
                title = tokens[index + 2]
                title.content = words.get(f"callout_{kind}", kind.capitalize())
                title.children = [_text_token(title.content)]
            elif token.type == "alert_title_open":
                token.attrSet("class", "callout-title")

    md.core.ruler.push("kbgen_alerts", localize_alerts)
    # Wide tables and code scroll sideways on phones; keyboard users need to reach the scroller too.
    table_label = words.get("scrollable_table", "Table {n}")

    def table_open(self, tokens, idx, options, env):
        env["kbgen_tables"] = number = env.get("kbgen_tables", 0) + 1  # region names must be unique per page
        label = escapeHtml(table_label.replace("{n}", str(number)))
        return f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">\n<table>\n'

    md.add_render_rule("table_open", table_open)
    default_fence, default_code = md.renderer.rules["fence"], md.renderer.rules["code_block"]
    md.add_render_rule("fence", lambda self, tokens, idx, options, env: _focusable_pre(
        default_fence(tokens, idx, options, env)))
    md.add_render_rule("code_block", lambda self, tokens, idx, options, env: _focusable_pre(
        default_code(tokens, idx, options, env)))
    done = escapeHtml(words.get("task_done", "Done"))
    todo = escapeHtml(words.get("task_todo", "To do"))

    def list_item_open(self, tokens, idx, options, env):
        token = tokens[idx]
        html = self.renderToken(tokens, idx, options, env)
        if token.meta and "checked" in token.meta:
            checked = token.meta["checked"]
            html += (f'<input class="task-list-item-checkbox" type="checkbox" disabled=""{" checked" if checked else ""}'
                     f' aria-label="{done if checked else todo}"> ')
        return html

    md.add_render_rule("list_item_open", list_item_open)

    # An empty header cell (the corner of a comparison table) is a plain cell, not an unnamed header.
    def th_open(self, tokens, idx, options, env):
        if not tokens[idx + 1].content.strip():
            tokens[idx].tag = tokens[idx + 2].tag = "td"
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("th_open", th_open)
    md.add_render_rule("table_close", lambda self, tokens, idx, options, env: "</table>\n</div>\n")
    return md


def _focusable_pre(html: str) -> str:
    return html.replace("<pre>", '<pre tabindex="0">', 1) if html.startswith("<pre>") else html


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def render_markdown(body: str, body_line: int, labels: tuple[tuple[str, str], ...] = (),
                    faq: bool = False, anchors: AnchorSet | None = None) -> ParsedMarkdown:
    """Parse and render one article body. `body_line` is the file line the body starts on.
    `anchors`: the heading ids the page has handed out already (a troubleshooter's pieces share one page)."""
    md = _parser(labels)
    env: dict[str, Any] = {}
    body = unmarked(body)
    tokens = md.parse(body, env)
    source_lines = body.splitlines()
    parsed = ParsedMarkdown(html="", text="")
    anchors = anchors if anchors is not None else AnchorSet()
    texts: list[str] = []

    # A leading "# Title" is the page title, printed by the template: drop it from the body.
    if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        parsed.title = _plain(tokens[1]).strip() or None
        tokens = tokens[3:]

    # A section is the texts after its "## " heading's own, up to the next one: as positions in
    # `texts`, (anchor, first, heading of the next); made offsets into the joined text below.
    sections: list[tuple[str, int]] = []
    first_paragraph: int | None = None  # where the first paragraph's text stands in `texts`
    bounds: list[int] = []  # per section, where its heading's text stands in `texts`
    last_map: list[int] | None = None  # the nearest block's lines, for inline tokens without their own
    for index, token in enumerate(tokens):
        if token.map:
            last_map = token.map
        if token.type == "heading_open":
            text = _plain(tokens[index + 1]).strip()
            anchor = anchors.add(text)
            token.attrSet("id", anchor)
            if token.tag == "h2" and token.level == 0:
                bounds.append(len(texts))
                sections.append((anchor, len(texts) + (1 if _plain(tokens[index + 1]) else 0)))
            line = (token.map[0] if token.map else 0) + body_line
            parsed.headings.append(Heading(int(token.tag[1]), text, anchor, line))
            if parsed.title is None and token.tag == "h1":
                parsed.title = text
        elif token.type == "inline" and token.children is not None:
            _collect_refs(token, last_map, source_lines, body_line, parsed.refs, parsed.missing_alt)
            plain = _plain(token)
            if plain:
                texts.append(plain)
            if first_paragraph is None and plain.strip() and token.level == 1 and index > 0 \
                    and tokens[index - 1].type == "paragraph_open":
                first_paragraph = len(texts) - 1

        if token.type in ("html_block", "inline"):
            _html_images_without_alt(token, source_lines, body_line, parsed.missing_alt)
        if token.type in ("fence", "code_block") and token.content.strip():
            texts.append(token.content.strip())

    parsed.text = "\n".join(texts)
    ends = list(accumulate(len(t) + 1 for t in texts))  # where each text ends, plus one (its newline)
    if first_paragraph is not None:
        plain = texts[first_paragraph]
        start = (ends[first_paragraph - 1] if first_paragraph else 0) + len(plain) - len(plain.lstrip())
        parsed.first_paragraph_span = (start, start + len(plain.strip()))
    if not sections:
        parsed.intro_end = len(parsed.text)
    else:
        parsed.intro_end = ends[bounds[0] - 1] - 1 if bounds[0] else 0
        for (anchor, first), last in zip(sections, bounds[1:] + [len(texts)]):
            start = ends[first - 1] if first else 0
            parsed.section_spans.append((anchor, start, max(start, ends[last - 1] - 1) if last else start))
    if faq:
        _split_questions(md, tokens, env, parsed)
    parsed.html = md.renderer.render(tokens, md.options, env)
    return parsed


def _split_questions(md: MarkdownIt, tokens: list[Token], env: dict, parsed: ParsedMarkdown) -> None:
    """Each top-level `## ` heading starts a question; its answer runs to the next one."""
    starts = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2" and t.level == 0]
    intro_end = starts[0] if starts else len(tokens)
    parsed.intro_html = md.renderer.render(tokens[:intro_end], md.options, env)
    by_anchor = {h.anchor: h for h in parsed.headings}
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        answer = tokens[start + 3:end]
        heading = by_anchor[tokens[start].attrGet("id")]
        answer_text = "\n".join(_plain(t) for t in answer if t.type == "inline")
        parsed.questions.append((heading, md.renderer.render(answer, md.options, env), answer_text))


def _plain(inline: Token) -> str:
    """The readable text of an inline token: what a reader sees, without markup."""
    if not inline.children:
        return inline.content
    parts = []
    for child in inline.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child))
    return "".join(parts)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\salt\s*=", re.IGNORECASE)
_SRC_ATTR = re.compile(r"""\ssrc\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


def _html_images_without_alt(token: Token, source_lines: list[str], body_line: int,
                             found: list[tuple[int, int | None, str]]) -> None:
    """`<img>` tags written as raw HTML with no alt attribute at all (alt="" marks a decorative image)."""
    chunks = [token.content] if token.type == "html_block" else [c.content for c in token.children or () if c.type == "html_inline"]
    first = token.map[0] if token.map else 0
    for chunk in chunks:
        for match in _IMG_TAG.finditer(chunk):
            if _ALT_ATTR.search(match.group(0)):
                continue
            src = _SRC_ATTR.search(match.group(0))
            line, column = _locate(source_lines, first, match.group(0))
            found.append((line + body_line, column, src.group(1) if src else ""))


def _locate(source_lines: list[str], start: int, needle: str) -> tuple[int, int | None]:
    for number in range(start, len(source_lines)):
        column = source_lines[number].find(needle[:40])
        if column >= 0:
            return number, column + 1
    return start, None


def _collect_refs(inline: Token, block_map: list[int] | None, source_lines: list[str],
                  body_line: int, refs: list[Ref], missing_alt: list[tuple[int, int | None, str]]) -> None:
    line = block_map[0] if block_map else 0
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            continue
        attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
        if attr is None:
            continue
        target = str(child.attrGet(attr) or "")
        if child.type == "image" and not _plain(child).strip():
            missing_alt.append((line + body_line, _column(source_lines, line, "![") , target))
        if child.type == "link_open" and child.markup in ("autolink", "linkify"):
            continue
        if not is_internal(target):
            continue
        column = _column(source_lines, line, target)
        refs.append(Ref("image" if attr == "src" else "link", target, line + body_line, column,
                        _plain(child) if attr == "src" else ""))
        child.attrSet(attr, f"{REF_OPEN}{len(refs) - 1}{REF_CLOSE}")
        if attr == "src":
            child.attrSet("loading", "lazy")


def _column(source_lines: list[str], line: int, target: str) -> int | None:
    if not 0 <= line < len(source_lines):
        return None
    text = source_lines[line]
    for candidate in (target, unquote(target)):
        found = text.find(candidate)
        if found >= 0:
            return found + 1
    return None
