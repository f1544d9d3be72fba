"""Read a guided troubleshooter (`*.flow.yaml`): check its decision tree, render its Markdown.

Like `parse_article_file`, `parse_flow_file` depends only on the file's bytes and the parse
options. It gives a `ParsedFile` of type "flow" whose `flow` holds the steps (their links still
markers, filled by content/flow_links.py once every URL is known) and whose `markdown` is the
flow as search and kb.json read it: one section per step, under the step's title.

Checked here, with the file's line and column: bad YAML and types, a `start` or `next` that
names no step, a step that is neither a question with answers nor a solution, an answer that
leads to zero or several places (errors); a step no path reaches and steps that loop with no
answer leading out (warnings). Whether an `article` answer's target exists is only known once
every article is read: `flow_links` reports it, as broken links are reported.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

from .. import yamlutil
from ..errors import Reporter, did_you_mean
from ..model import Flow, FlowAnswer, FlowStep, Heading
from ..project_files import read_bytes
from ..search.terms import article_terms
from ..slugs import AnchorSet
from ..text import humanize, shorten
from ..yamlutil import Field, Problem
from . import frontmatter
from .article import DESCRIPTION_LENGTH, ParsedFile, ParseOptions, decode_source, report_missing_alt
from .discover import source_stem
from .markdown import ParsedMarkdown, render_markdown
from .markers import REF_CLOSE, REF_OPEN, REF_RE

# The article keys a troubleshooter shares, plus its own.
_SHARED = ("order", "tags", "keywords", "featured", "draft", "audience", "updated", "reviewed", "review_every", "owner",
           "aliases")
FIELDS = {
    "title": Field("str"),
    "description": Field("str"),
    "start": Field("str"),
    "steps": Field("mapping"),
    **{key: frontmatter.FIELDS[key] for key in _SHARED},
}
STEP_FIELDS = {"question": Field("str"), "text": Field("text"), "answers": Field("any"), "solution": Field("text"),
               "title": Field("str")}  # a solution's own heading (else "Try this"; search uses its first sentence)
ANSWER_FIELDS = {"label": Field("str"), "next": Field("str"), "article": Field("str"), "contact": Field("bool")}
TARGETS = ("next", "article", "contact")

# A step id is its URL fragment and its element id, so it is kept to what both read plainly.
_STEP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
# Ids the flow page itself uses (its contact and solved panels, the page's own parts).
RESERVED_IDS = frozenset({"contact", "solved", "main", "article-title", "flow-path", "flow-controls", "related-title",
                          "contact-title", "kb-search-config", "kb-feedback-strings", "kb-flow-data"})
TITLE_LENGTH = 90  # a solution's title (in search results and the path taken): its first words


def parse_flow_file(path: Path, options: ParseOptions) -> ParsedFile:
    reporter = Reporter()
    try:
        data = read_bytes(path)
    except OSError as exc:
        reporter.error("read-error", f"cannot read the file: {exc.strerror or exc}", path)
        return ParsedFile(path, False, diagnostics=reporter.diagnostics)
    return parse_flow_bytes(path, data, options, reporter)


def parse_flow_bytes(path: Path, data: bytes, options: ParseOptions, reporter: Reporter | None = None) -> ParsedFile:
    reporter = reporter or Reporter()
    digest = hashlib.sha1(data).hexdigest()
    failed = ParsedFile(path, False, diagnostics=reporter.diagnostics, digest=digest)
    text = decode_source(path, data, reporter)
    if text is None:
        return failed
    try:
        raw, duplicates = yamlutil.load_with_duplicates(text)
    except yamlutil.YamlSyntaxError as exc:
        reporter.error("flow-syntax", exc.message, path, exc.line, exc.column,
                       hint="a troubleshooter is YAML: title, start and steps (see the example in the documentation)")
        return failed
    if not isinstance(raw, dict):
        reporter.error("flow-syntax", "a troubleshooter must be 'key: value' lines: title, start and steps", path, 1, 1)
        return failed
    reader = _FlowReader(path, text, options, reporter)
    flow_data = reader.read(raw, duplicates)
    if flow_data is None:
        return failed
    meta, flow, markdown = flow_data
    title = meta.get("title") or humanize(source_stem(path))
    first = flow.step(flow.start)
    description = meta.get("description") or shorten(" ".join(filter(None, (first.question, first.text))), DESCRIPTION_LENGTH)
    report_missing_alt(markdown, path, reporter)
    terms = article_terms(title, meta.get("keywords", ()), description, markdown, options.language)
    return ParsedFile(path, True, meta, markdown, title, description, reporter.diagnostics, digest, terms, flow)


class _FlowReader:
    """One file's checks. Errors and warnings go to the reporter; `read` returns None on errors."""

    def __init__(self, path: Path, text: str, options: ParseOptions, reporter: Reporter):
        self.path, self.text, self.options, self.reporter = path, text, options, reporter
        self.errors = 0

    def error(self, code: str, message: str, at: tuple, of_key: bool = False, hint: str | None = None) -> None:
        line, column = yamlutil.position(self.text, at, of_key)
        self.reporter.error(code, message, self.path, line, column, hint=hint)
        self.errors += 1

    def warning(self, code: str, message: str, at: tuple, of_key: bool = False, hint: str | None = None) -> None:
        line, column = yamlutil.position(self.text, at, of_key)
        self.reporter.warning(code, message, self.path, line, column, hint=hint)

    def key_problems(self, problems: list[Problem], fields: dict[str, Field]) -> None:
        if problems:
            self.errors += yamlutil.report_key_problems(self.reporter, self.path, self.text, 0, problems, fields, "flow")

    def read(self, raw: dict, duplicates: list[Problem]) -> tuple[dict[str, Any], Flow, ParsedMarkdown] | None:
        meta, problems = yamlutil.check_mapping(raw, FIELDS)
        self.key_problems(duplicates + problems + frontmatter.value_problems(meta), FIELDS)
        steps_raw = meta.pop("steps", None)
        start = meta.pop("start", None)
        meta["type"] = "flow"
        if "steps" not in raw:
            self.error("flow-steps", "a troubleshooter needs 'steps:', its questions and solutions", (), hint=_EXAMPLE)
            return None
        if not steps_raw:
            if isinstance(raw.get("steps"), dict):
                self.error("flow-steps", "'steps' is empty: a troubleshooter needs at least one question or solution", ("steps",))
            return None
        ids = [key for key in steps_raw if isinstance(key, str)]
        for key in steps_raw:
            if not isinstance(key, str) or not _STEP_ID.match(key):
                self.error("flow-step-id", f"step id {key!r} must be letters, digits, '-' or '_' (it becomes the step's address, #id)",
                           ("steps", key), of_key=True)
            elif key in RESERVED_IDS:
                self.error("flow-step-id", f"step id '{key}' is taken by the troubleshooter's page; choose another",
                           ("steps", key), of_key=True)
        if start is None and "start" not in raw:
            self.error("flow-start", "a troubleshooter needs 'start:', the id of its first step", (),
                       hint=f"steps: {', '.join(ids[:8])}" if ids else None)
        elif start is not None and start not in steps_raw:
            self.error("flow-start", f"'start: {start}' names no step", ("start",), hint=self._hint(start, ids))
        steps = [self._step(key, value, ids) for key, value in steps_raw.items() if isinstance(key, str)]
        if self.errors or start is None:
            return None
        flow = Flow(start, tuple(s for s in steps if s is not None))
        self._check_paths(flow)
        return meta, *self._rendered(flow, steps_raw)

    def _hint(self, wanted: str, ids: list[str]) -> str | None:
        return did_you_mean(wanted, ids) or (f"steps: {', '.join(ids[:8])}" + (", ..." if len(ids) > 8 else ""))

    def _step(self, key: str, raw: Any, ids: list[str]) -> FlowStep | None:
        at = ("steps", key)
        line = yamlutil.position(self.text, at, of_key=True)[0] or 0
        if not isinstance(raw, dict):
            self.error("flow-step", f"step '{key}' must be a question with answers, or a solution "
                       f"(keys: {', '.join(STEP_FIELDS)}), not {yamlutil.type_name(raw)}", at, hint=_EXAMPLE)
            return None
        values, problems = yamlutil.check_mapping(raw, STEP_FIELDS, at)
        self.key_problems(problems, STEP_FIELDS)
        question, solution, answers = values.get("question"), values.get("solution"), raw.get("answers")
        if values.get("title") is not None and solution is None:
            self.error("flow-step", f"step '{key}' has a 'title', which only a solution has: a question is titled by "
                       "its question", at + ("title",), of_key=True)
            return None
        if solution is not None and (question is not None or answers is not None or values.get("text") is not None):
            extra = [k for k in ("question", "answers", "text") if raw.get(k) is not None]
            self.error("flow-step", f"step '{key}' is a solution and also has {' and '.join(repr(k) for k in extra)}: "
                       "a step is either a question with answers or a solution", at, of_key=True,
                       hint="split it in two: the question, and a solution one of its answers leads to")
            return None
        if solution is not None:
            if not solution.strip():
                self.error("flow-step", f"step '{key}' has an empty 'solution'", at + ("solution",))
                return None
            return FlowStep(key, line, values.get("title") or "", html=solution)
        if question is None or answers is None:
            missing = "'answers'" if question is not None else "'question'" if answers is not None else "'question' and 'answers', or 'solution'"
            self.error("flow-step", f"step '{key}' has no {missing}: a step is either a question with answers or a solution",
                       at, of_key=True, hint=_EXAMPLE)
            return None
        if not question:
            self.error("flow-step", f"step '{key}' has an empty 'question'", at + ("question",))
            return None
        if not isinstance(answers, list) or not answers:
            self.error("flow-type", f"'steps.{key}.answers' must be a list of answers, each '- label: ...' with next, article "
                       f"or contact, not {yamlutil.type_name(answers)}", at + ("answers",))
            return None
        read = [self._answer(key, n, item, ids) for n, item in enumerate(answers)]
        if any(a is None for a in read):
            return None
        return FlowStep(key, line, question, question=question, html=values.get("text") or "", answers=tuple(read))

    def _answer(self, step: str, n: int, raw: Any, ids: list[str]) -> FlowAnswer | None:
        at = ("steps", step, "answers", n)
        if not isinstance(raw, dict):
            self.error("flow-answer", f"answer {n + 1} of step '{step}' must be 'label:' with one of next, article or contact, "
                       f"not {yamlutil.type_name(raw)}", at)
            return None
        values, problems = yamlutil.check_mapping(raw, ANSWER_FIELDS, at)
        self.key_problems(problems, ANSWER_FIELDS)
        if any(p.kind == "type" for p in problems):
            return None
        label = values.get("label")
        if not label:
            self.error("flow-answer", f"answer {n + 1} of step '{step}' has no 'label', the words the reader clicks", at)
            return None
        given = [k for k in TARGETS if values.get(k) not in (None, False, "")]
        if len(given) != 1:
            found = "none" if not given else " and ".join(given)
            self.error("flow-answer", f"answer '{label}' of step '{step}' must lead to exactly one of next, article or contact "
                       f"(it has {found})", at,
                       hint="next: <step id> for another question, article: <article id>, or contact: true")
            return None
        target = values[given[0]]
        if given[0] == "next" and target not in ids:
            self.error("flow-next", f"answer '{label}' of step '{step}': 'next: {target}' names no step", at + ("next",),
                       hint=self._hint(target, ids))
            return None
        if given[0] == "article" and (target.startswith("/") or " " in target.partition("#")[0]):
            self.error("flow-answer", f"answer '{label}' of step '{step}': 'article' is an article id such as "
                       f"account/reset-password, not {target!r}", at + ("article",))
            return None
        line, column = yamlutil.position(self.text, at + (given[0],))  # where it says where it leads
        return FlowAnswer(label, line or 0, column, next=values.get("next"), article=values.get("article"),
                          contact=given[0] == "contact")

    def _check_paths(self, flow: Flow) -> None:
        """Warn of steps no path from the start reaches, and of steps that loop: reachable, yet no
        answer from them ever leads to a solution, an article or the contact path."""
        by_id = {s.id: s for s in flow.steps}
        reached, pending = {flow.start}, [flow.start]
        while pending:
            for answer in by_id[pending.pop()].answers:
                if answer.next and answer.next not in reached:
                    reached.add(answer.next)
                    pending.append(answer.next)
        for step in flow.steps:
            if step.id not in reached:
                self.warning("flow-unreachable", f"step '{step.id}' is not reached from 'start: {flow.start}' by any answer",
                             ("steps", step.id), of_key=True, hint="lead an answer to it (next: " + step.id + "), or remove it")
        ends = {s.id for s in flow.steps if s.is_solution or any(a.article or a.contact for a in s.answers)}
        changed = True
        while changed:  # steps with an answer leading to a step that ends: they end too
            changed = False
            for step in flow.steps:
                if step.id not in ends and any(a.next in ends for a in step.answers):
                    ends.add(step.id)
                    changed = True
        stuck = [s.id for s in flow.steps if s.id in reached and s.id not in ends]
        if stuck:
            names = ", ".join(f"'{s}'" for s in stuck)
            self.warning("flow-loop", f"steps {names} loop: no answer from them leads to a solution, an article or the contact path"
                         if len(stuck) > 1 else f"step {names} loops: no answer from it leads to a solution, an article or the contact path",
                         ("steps", stuck[0]), of_key=True, hint="give one of their questions an answer that ends (a solution, article: or contact: true)")

    def _rendered(self, flow: Flow, steps_raw: dict) -> tuple[Flow, ParsedMarkdown]:
        """Each step's Markdown rendered on one page's anchors, and the flow as one text for
        search: a section per step (its title, then its text, answers and solution)."""
        anchors = AnchorSet(set(RESERVED_IDS) | {s.id for s in flow.steps})
        combined = ParsedMarkdown(html="", text="")
        texts: list[str] = []
        offset = 0
        steps = []
        for step in flow.steps:
            html, plain = "", ""
            if step.html:
                key = "text" if not step.is_solution else "solution"
                line, indent = self._markdown_start(("steps", step.id, key))
                piece = _shifted(render_markdown(step.html, line, self.options.labels, anchors=anchors), indent)
                html = _renumbered(piece.html, len(combined.refs))
                combined.refs.extend(piece.refs)
                combined.missing_alt.extend(piece.missing_alt)
                plain = piece.text
            title = step.title or shorten(_first_sentence(plain), TITLE_LENGTH) or step.id
            heading = step.title if step.is_solution else ""
            steps.append(FlowStep(step.id, step.line, title, step.question, html, plain, step.answers, heading))
            body = "\n".join(filter(None, [plain, *(a.label for a in step.answers)]))
            combined.headings.append(Heading(2, title, step.id, step.line))
            texts += [title, body] if body else [title]
            start = offset + len(title) + 1
            offset = start + len(body) + 1 if body else start
            combined.section_spans.append((step.id, start, start + len(body) if body else start))
        combined.text = "\n".join(texts)
        return Flow(flow.start, tuple(steps)), combined

    def _markdown_start(self, at: tuple) -> tuple[int, int]:
        """The file line a Markdown value starts on, and how far its text is indented there: a
        block scalar (`|`, `>`) begins below its indicator, a plain or quoted one after its key."""
        line, column = yamlutil.position(self.text, at)
        if line is None:
            return 1, 0
        lines = self.text.splitlines()
        rest = lines[line - 1][(column or 1) - 1:]
        if rest[:1] in ("|", ">"):
            below = lines[line] if line < len(lines) else ""
            return line + 1, len(below) - len(below.lstrip(" "))
        return line, (column or 1) - 1 + (1 if rest[:1] in ("'", '"') else 0)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s|(?<=[。！？])")


def _first_sentence(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return _SENTENCE_END.split(first, 1)[0].strip()


def _shifted(parsed: ParsedMarkdown, indent: int) -> ParsedMarkdown:
    """Columns of links and images counted in the file, not in the YAML value's text."""
    if indent:
        parsed.refs = [dataclasses.replace(r, column=r.column + indent) if r.column else r for r in parsed.refs]
        parsed.missing_alt = [(line, column + indent if column else column, src) for line, column, src in parsed.missing_alt]
    return parsed


def _renumbered(html: str, offset: int) -> str:
    """A piece's link markers numbered after the refs of the pieces before it."""
    if not offset:
        return html
    return REF_RE.sub(lambda m: f"{REF_OPEN}{int(m.group(1)) + offset}{REF_CLOSE}", html)


_EXAMPLE = ("a question step is 'question: ...' with 'answers:' (each '- label: ...' and next, article or contact); "
            "a solution step is 'solution: |' and its Markdown")
