"""The feedback contract: what a vote, a failed-search report or a troubleshooter visit may contain."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

MAX_BODY = 4096
MAX_COMMENT = 1000
MAX_QUERY = 200
REASONS = ("unclear", "incomplete", "incorrect", "outdated", "other")
_ID = re.compile(r"^[^\x00-\x1f]{1,300}$")
_ANCHOR = re.compile(r"^[^\x00-\x1f\s#]{1,200}$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
VOTE_KEYS = {"type", "page", "question", "helpful", "reason", "comment", "locale"}
SEARCH_KEYS = {"type", "query", "results", "locale"}
FLOW_KEYS = {"type", "flow", "steps", "outcome", "article", "locale"}
MAX_STEPS = 100
# What ended a troubleshooter visit, at its last step: "solved"/"not_solved" answer "Did this solve your
# problem?" on a solution step; "contact" took the contact path (from any step); "article" followed an
# answer to an article; "left" closed or left the page without any of these.
OUTCOMES = ("solved", "not_solved", "contact", "article", "left")


class Invalid(ValueError):
    """The body breaks the contract; the message says how (it goes back to the client)."""


@dataclass(frozen=True)
class Event:
    type: str
    page: str | None = None
    question: str | None = None
    helpful: bool | None = None
    reason: str | None = None
    comment: str | None = None
    query: str | None = None
    results: int | None = None
    locale: str | None = None
    flow: str | None = None                  # a troubleshooter visit: the flow's id,
    steps: tuple[str, ...] | None = None     # the step anchors visited in order (repeats allowed; the outcome is at the last),
    outcome: str | None = None               # one of OUTCOMES,
    article: str | None = None               # and, for outcome "article", the article followed (optional)
    vote_id: str | None = None               # a vote: its id, which later events of the same vote repeat
    clicked: str | None = None               # a search: the result opened (its URL path), if any


def parse_event(body: bytes) -> Event:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Invalid(f"body is not JSON: {exc}") from None
    except RecursionError:  # [[[[...]]]]: an event is one flat object
        raise Invalid("body is not an event: its JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise Invalid("body must be a JSON object")
    _no_lone_surrogates(data)
    kind = data.get("type")
    locale = _optional_text(data, "locale", 35)
    if locale is not None and not _LOCALE.match(locale):
        raise Invalid("'locale' must be a language code such as en or pt-BR")
    if kind == "vote":
        _no_extra(data, VOTE_KEYS)
        page = data.get("page")
        if not isinstance(page, str) or not _ID.match(page):
            raise Invalid("'page' must be the article id, e.g. \"billing/refunds\"")
        question = _optional_text(data, "question", 200)
        if question is not None and not _ANCHOR.match(question):
            raise Invalid("'question' must be a FAQ question's anchor")
        helpful = data.get("helpful")
        if not isinstance(helpful, bool):
            raise Invalid("'helpful' must be true or false")
        reason = _optional_text(data, "reason", 20)
        if reason is not None and reason not in REASONS:
            raise Invalid(f"'reason' must be one of {', '.join(REASONS)}")
        comment = _optional_text(data, "comment", MAX_COMMENT)
        return Event("vote", page=page, question=question, helpful=helpful, reason=reason,
                     comment=comment.strip() or None if comment else None, locale=locale)
    if kind == "search":
        _no_extra(data, SEARCH_KEYS)
        query = data.get("query")
        if not isinstance(query, str) or not query.strip() or len(query) > MAX_QUERY:
            raise Invalid(f"'query' must be text of 1 to {MAX_QUERY} characters")
        results = data.get("results")
        if isinstance(results, bool) or not isinstance(results, int) or not 0 <= results <= 1_000_000:
            raise Invalid("'results' must be a whole number of at least 0")
        return Event("search", query=" ".join(query.split()), results=results, locale=locale)
    if kind == "flow":
        _no_extra(data, FLOW_KEYS)
        flow = data.get("flow")
        if not isinstance(flow, str) or not _ID.match(flow):
            raise Invalid("'flow' must be the troubleshooter's id, e.g. \"backups/backup-wont-start\"")
        steps = data.get("steps")
        if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_STEPS:
            raise Invalid(f"'steps' must be a list of 1 to {MAX_STEPS} step ids, in the order visited")
        for n, step in enumerate(steps):
            if not isinstance(step, str) or not _ANCHOR.match(step):
                raise Invalid(f"'steps' item {n} must be a step's anchor (1 to 200 characters, no spaces or '#')")
        outcome = data.get("outcome")
        if not isinstance(outcome, str) or outcome not in OUTCOMES:
            raise Invalid(f"'outcome' must be one of {', '.join(OUTCOMES)}")
        article = _optional_text(data, "article", 300)
        if article is not None:
            if not _ID.match(article):
                raise Invalid("'article' must be the article id, e.g. \"account/reset-password\"")
            if outcome != "article":
                raise Invalid("'article' goes only with the outcome \"article\"")
        return Event("flow", flow=flow, steps=tuple(steps), outcome=outcome, article=article, locale=locale)
    raise Invalid("'type' must be \"vote\", \"search\" or \"flow\"")


def _no_lone_surrogates(data: dict) -> None:
    """JSON may escape half of a UTF-16 pair ("\\ud800"); it is no character, and no store takes it."""
    for key, value in data.items():
        for text in ([key, value] if not isinstance(value, list) else [key, *value]):
            if isinstance(text, str) and _SURROGATE.search(text):
                raise Invalid(f"'{key if _SURROGATE.search(key) is None else '?'}' is not valid text: it holds "
                              "a lone UTF-16 surrogate (an escape such as \\ud800 with no pair)")


def _optional_text(data: dict, key: str, limit: int) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise Invalid(f"'{key}' must be text of at most {limit} characters")
    return value


def _no_extra(data: dict, allowed: set[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise Invalid(f"unknown field '{extra[0]}'")
