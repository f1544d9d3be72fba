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
VOTE_KEYS = {"type", "id", "page", "question", "helpful", "reason", "comment", "locale"}
SEARCH_KEYS = {"type", "query", "results", "clicked", "locale"}
BATCH_KEYS = {"type", "items", "locale"}
ITEM_KEYS = {"query", "results", "clicked"}
MAX_BATCH = 20  # searches a page sends at once (when the reader leaves it)
_VOTE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_SITE_PATH = re.compile(r"^/[^\x00-\x20\x7f]{0,299}$")
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


def parse_events(body: bytes) -> list[Event]:
    """The events of one request: one, or the searches of a `{"type": "searches", "items": [...]}` batch."""
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
    if kind == "searches":
        _no_extra(data, BATCH_KEYS)
        items = data.get("items")
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
            raise Invalid(f"'items' must be a list of 1 to {MAX_BATCH} searches")
        events = []
        for n, item in enumerate(items):
            if not isinstance(item, dict):
                raise Invalid(f"'items' item {n} must be a search: {{\"query\": ..., \"results\": ...}}")
            try:
                events.append(_search(item, ITEM_KEYS, locale))
            except Invalid as exc:
                raise Invalid(f"'items' item {n}: {exc}") from None
        return events
    return [_one(data, kind, locale)]


def _search(data: dict, keys: set[str], locale: str | None) -> Event:
    _no_extra(data, keys)
    query = data.get("query")
    if not isinstance(query, str) or not query.strip() or len(query) > MAX_QUERY or "\x00" in query:
        raise Invalid(f"'query' must be text of 1 to {MAX_QUERY} characters")
    results = data.get("results")
    if isinstance(results, bool) or not isinstance(results, int) or not 0 <= results <= 1_000_000:
        raise Invalid("'results' must be a whole number of at least 0")
    clicked = _optional_text(data, "clicked", 300)
    if clicked is not None and not _SITE_PATH.match(clicked):
        raise Invalid("'clicked' must be the path of the result opened, such as /billing/refunds/")
    return Event("search", query=" ".join(query.split()), results=results, locale=locale, clicked=clicked)


def _one(data: dict, kind: object, locale: str | None) -> Event:
    if kind == "vote":
        _no_extra(data, VOTE_KEYS)
        vote_id = data.get("id")
        if vote_id is not None and (not isinstance(vote_id, str) or not _VOTE_ID.match(vote_id)):
            raise Invalid("'id' must be the vote's id: 8 to 64 letters, digits or '-'")
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
                     comment=comment.strip() or None if comment else None, locale=locale, vote_id=vote_id)
    if kind == "search":
        return _search(data, SEARCH_KEYS, locale)
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
    raise Invalid("'type' must be \"vote\", \"search\", \"searches\" or \"flow\"")


def _no_lone_surrogates(value: object, key: str = "") -> None:
    """JSON may escape half of a UTF-16 pair ("\\ud800"); it is no character, and no store takes it.
    `key`: the top-level field `value` sits under (the one a message names)."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise Invalid(f"'{key or '?'}' is not valid text: it holds a lone UTF-16 surrogate (an escape such as "
                          "\\ud800 with no pair)")
    elif isinstance(value, dict):
        for name, item in value.items():
            field = key or (name if not _SURROGATE.search(name) else "?")
            _no_lone_surrogates(name, field)
            _no_lone_surrogates(item, field)
    elif isinstance(value, list):
        for item in value:
            _no_lone_surrogates(item, key)


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
