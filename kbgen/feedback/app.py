"""The feedback endpoint as a WSGI application: it validates every event, stores it, and answers
within milliseconds. No input produces a 5xx: every request gets a status and, for errors, a
JSON reason."""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from pathlib import Path
from typing import Callable, Iterable

from .store import Store
from .validate import MAX_BODY, Invalid, parse_events

JSON_TYPES = ("application/json", "text/plain")


class RateLimiter:
    """N events per minute per client address, kept in memory only (addresses are never stored)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle clients so memory stays bounded
                for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - 60]:
                    del self._hits[key]
            return True


class FeedbackApp:
    """`known`: article id -> its FAQ anchors, which votes may name (None: any well-formed id);
    `flows`: troubleshooter id -> {step id: "question" or "solution"}, which visits may name (None: any)."""

    def __init__(self, store: Store, path: str = "/api/feedback", known: dict[str, set[str]] | None = None,
                 allow_origins: Iterable[str] = (), rate_limit: int = 60,
                 flows: dict[str, dict[str, str]] | None = None):
        self.store = store
        self.path = "/" + path.strip("/")
        self.known = known
        self.flows = flows
        self.allow_origins = {origin.strip().rstrip("/").lower() for origin in allow_origins}
        self.limiter = RateLimiter(rate_limit)

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        try:
            status, headers, body = self.handle(environ)
        except Exception:  # a bug must still not drop the connection or leak a traceback
            status, headers, body = "500 Internal Server Error", [], _error("the server failed; the event was not stored")
        headers = headers + self._cors(environ)
        if body:
            headers.append(("Content-Type", "application/json"))
        headers.append(("Content-Length", str(len(body))))
        headers.append(("Cache-Control", "no-store"))
        start_response(status, headers)
        return [body]

    def handle(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if path.rstrip("/") == self.path + "/health":
            if method in ("GET", "HEAD"):
                return "200 OK", [], b'{"status":"ok"}'
            return "405 Method Not Allowed", [("Allow", "GET, HEAD")], _error("use GET")
        if path.rstrip("/") != self.path:
            return "404 Not Found", [], _error(f"no endpoint here; feedback goes to {self.path}")
        if method == "OPTIONS":
            return "204 No Content", [("Allow", "POST, OPTIONS")], b""
        if method != "POST":
            return "405 Method Not Allowed", [("Allow", "POST, OPTIONS")], _error("send events with POST")
        if not self._origin_allowed(environ):
            # A beacon is a "simple" request: the browser sends it whatever CORS says, so the
            # allow-list is kept here, not only in the answer's headers.
            return "403 Forbidden", [], _error(f"origin '{environ.get('HTTP_ORIGIN')}' may not send events here")
        content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if content_type not in JSON_TYPES:
            return "415 Unsupported Media Type", [], _error("send JSON as application/json or text/plain")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return "400 Bad Request", [], _error("Content-Length is not a number")
        if length > MAX_BODY:
            return "413 Content Too Large", [], _error(f"at most {MAX_BODY} bytes")
        body = environ["wsgi.input"].read(min(length, MAX_BODY + 1)) if length > 0 else b""
        if len(body) > MAX_BODY:
            return "413 Content Too Large", [], _error(f"at most {MAX_BODY} bytes")
        if not self.limiter.allow(environ.get("REMOTE_ADDR", "")):
            return "429 Too Many Requests", [("Retry-After", "60")], _error("too many events from this address; try later")
        try:
            events = parse_events(body)
        except Invalid as exc:
            return "400 Bad Request", [], _error(str(exc))
        for event in events:
            problem = self._unknown(event)
            if problem:
                return "422 Unprocessable Content", [], _error(problem)
        self.store.add_many(events)
        return "204 No Content", [], b""

    def _unknown(self, event) -> str | None:
        """What the event names that the site does not have (None: all of it exists, or the site is not known)."""
        if event.type == "vote" and self.known is not None:
            questions = self.known.get(event.page)
            if questions is None:
                return f"no article '{event.page}' on this site"
            if event.question is not None and event.question not in questions:
                return f"no question '{event.question}' in '{event.page}'"
        if event.type == "flow" and self.flows is not None:
            return _unknown_in_flow(event, self.flows)
        return None

    def _origin_allowed(self, environ: dict) -> bool:
        """Without an allow-list any page may post; with one, only its origins and this host's own
        pages. A request without an Origin header comes from no web page (a script, a test)."""
        origin = (environ.get("HTTP_ORIGIN") or "").rstrip("/").lower()
        if not self.allow_origins or not origin or "*" in self.allow_origins or origin in self.allow_origins:
            return True
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}".lower()
        return origin == own

    def _cors(self, environ: dict) -> list[tuple[str, str]]:
        origin = environ.get("HTTP_ORIGIN")
        if not origin or not (origin.rstrip("/").lower() in self.allow_origins or "*" in self.allow_origins):
            return []
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin"),
                ("Access-Control-Allow-Methods", "POST, OPTIONS"), ("Access-Control-Allow-Headers", "Content-Type"),
                ("Access-Control-Max-Age", "86400")]


def _error(message: str) -> bytes:
    return json.dumps({"error": message}).encode("utf-8")


def _unknown_in_flow(event, flows: dict[str, dict[str, str]]) -> str | None:
    """What in a troubleshooter visit the site does not have, or None."""
    steps = flows.get(event.flow)
    if steps is None:
        return f"no troubleshooter '{event.flow}' on this site"
    for step in event.steps:
        if step not in steps:
            return f"no step '{step}' in troubleshooter '{event.flow}'"
    last = event.steps[-1]
    if event.outcome in ("solved", "not_solved") and steps[last] != "solution":
        return f"outcome '{event.outcome}' is only possible at a solution step; '{last}' in '{event.flow}' is a {steps[last]}"
    return None


def site_items(site_dir: Path) -> list[dict]:
    """The items of a built site's kb.json."""
    data = json.loads((Path(site_dir) / "kb.json").read_text(encoding="utf-8"))
    return data["items"]


def known_pages(site_dir: Path) -> dict[str, set[str]]:
    """Article ids and their FAQ anchors, from a built site's kb.json (troubleshooters are not articles:
    they take no votes)."""
    return pages_of(site_items(site_dir))


def pages_of(items: list[dict]) -> dict[str, set[str]]:
    """`known_pages` of kb.json items already read."""
    known: dict[str, set[str]] = {}
    for item in items:
        if item.get("type") == "flow":
            continue
        page, _, anchor = item["id"].partition("#")
        known.setdefault(page, set())
        if anchor:
            known[page].add(anchor)
    return known


def known_flows(site_dir: Path) -> dict[str, dict[str, str]]:
    """Troubleshooter id -> {step id: "question" or "solution"}, from a built site's kb.json (its items of
    type "flow"). Translations share their flow's id: their steps are merged (a step that is a solution
    in any language counts as one)."""
    return flows_of(site_items(site_dir))


def flows_of(items: list[dict]) -> dict[str, dict[str, str]]:
    """`known_flows` of kb.json items already read."""
    flows: dict[str, dict[str, str]] = {}
    for item in items:
        if item.get("type") != "flow":
            continue
        steps = flows.setdefault(item["id"], {})
        for step in (item.get("flow") or {}).get("steps") or ():
            kind = "solution" if "solution" in step else "question"
            if steps.get(step["id"]) != "solution":
                steps[step["id"]] = kind
    return flows
