"""The dev server's WSGI application: pages from the live snapshot, the live-reload script and
its long poll, the error overlay, and the feedback endpoint mounted at its configured path.

It only ever answers with something the build would write: a request path is looked up in the
snapshot's table of output paths, never joined to a folder, and a file that resolves outside
the project (a symlink) is refused.
"""
from __future__ import annotations

import html
import json
import mimetypes
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import parse_qs, quote

from ..errors import Diagnostic, KbgenError, display_path
from ..feedback.app import FeedbackApp
from .live import LiveSite

PREFIX = "/__kbgen/"
POLL_SECONDS = 25.0
TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")

Response = tuple[str, list[tuple[str, str]], bytes]


class DevApp:
    def __init__(self, live: LiveSite, feedback: FeedbackApp | None, allowed_roots: Iterable[Path],
                 log: Callable[[str], None] = lambda line: None):
        self.live = live
        self.feedback = feedback
        self.allowed_roots = tuple(Path(r).resolve() for r in allowed_roots)
        self.log = log
        self.live_js = (resources.files("kbgen.server") / "live.js").read_bytes()

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        path = request_path(environ)
        if self.feedback is not None and (path == self.feedback.path or path.startswith(self.feedback.path + "/")):
            return self.feedback(environ, start_response)
        try:
            status, headers, body = self.handle(environ, path)
        except KbgenError as exc:  # a template problem met while rendering this page
            for diagnostic in exc.diagnostics:
                self.log(diagnostic.format())
            status, headers, body = "500 Internal Server Error", [], self._problem_page(exc.diagnostics)
        if environ.get("REQUEST_METHOD") == "HEAD":
            headers.append(("Content-Length", str(len(body))))
            body = b""
        start_response(status, headers)
        return [body]

    def handle(self, environ: dict, path: str) -> Response:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if method not in ("GET", "HEAD"):
            return "405 Method Not Allowed", [("Allow", "GET, HEAD")], b"GET or HEAD only\n"
        if path == PREFIX + "live.js":
            return _ok("application/javascript; charset=utf-8", self.live_js)
        if path == PREFIX + "poll":
            seen = parse_qs(environ.get("QUERY_STRING", "")).get("epoch", [""])[0]
            epoch = self.live.wait_for_change(seen, POLL_SECONDS)
            return _ok("application/json", json.dumps({"epoch": epoch, "errors": len(self.live.errors)}).encode())
        snapshot = self.live.snapshot
        if snapshot is None:
            return "503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], \
                self._problem_page(self.live.errors)
        base = snapshot.site.config.base_path
        if not path.startswith(base):
            if path + "/" == base or path == "/":
                return _redirect(base)
            return self._not_found(snapshot, path)
        relative = path[len(base):]
        if not is_safe(relative):
            return self._not_found(snapshot, path)
        output_path = relative + "index.html" if relative == "" or relative.endswith("/") else relative
        if not snapshot.exists(output_path) and snapshot.exists(relative + "/index.html"):
            return _redirect(quote(path + "/") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else ""))
        found = snapshot.lookup(output_path)
        if found is None:
            return self._not_found(snapshot, path)
        if isinstance(found, Path):
            if not self._allowed(found):
                self.log(f"{display_path(found)}: refused: it resolves outside the project")
                return self._not_found(snapshot, path)
            try:
                found = found.read_bytes()
            except OSError:
                return self._not_found(snapshot, path)
        content_type = _content_type(output_path)
        if content_type.startswith("text/html"):
            found = self.decorate(found)
        return _ok(content_type, found)

    def decorate(self, page: bytes, errors: list[Diagnostic] | None = None) -> bytes:
        """Add the live-reload script, and the error overlay while the latest save is broken."""
        errors = self.live.errors if errors is None else errors
        extra = self._overlay(errors) if errors else ""
        extra += (f'<script src="{PREFIX}live.js" data-epoch="{html.escape(self.live.epoch)}" '
                  f'data-poll="{PREFIX}poll"></script>')
        marker = page.rfind(b"</body>")
        if marker < 0:
            return page + extra.encode()
        return page[:marker] + extra.encode() + page[marker:]

    def _overlay(self, errors: list[Diagnostic]) -> str:
        items = "".join(
            f"<li><code>{html.escape(d.location(self.live.project_dir))}</code> "
            f"{html.escape(d.severity)}[{html.escape(d.code)}]: {html.escape(d.message)}"
            + (f" <em>({html.escape(d.hint)})</em>" if d.hint else "") + "</li>"
            for d in errors)
        return (
            "<style>#kbgen-error-overlay{position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;"
            "margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#6b0000;border-top:4px solid #c00;"
            "font:15px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)}"
            "#kbgen-error-overlay code{font-family:ui-monospace,monospace;font-weight:600;word-break:break-all}"
            "#kbgen-error-overlay ul{margin:.5rem 0 0;padding-inline-start:1.25rem}"
            "#kbgen-error-overlay li{margin:.25rem 0}</style>"
            '<div id="kbgen-error-overlay" role="alert"><strong>kbgen could not build your last save.</strong> '
            "This page shows the last good version; fix the problem, save, and it reloads by itself."
            f"<ul>{items}</ul></div>"
        )

    def _problem_page(self, errors: list[Diagnostic]) -> bytes:
        """Shown when there is no good site yet: just the overlay, waiting for a fix."""
        page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kbgen: build problem</title>'
                '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
                "<body><main><h1>kbgen could not build the site</h1></main></body></html>").encode()
        return self.decorate(page, errors)

    def _not_found(self, snapshot, path: str = "/") -> Response:
        """The 404 page of the language the address is in (the default language's elsewhere)."""
        base = snapshot.site.config.base_path
        page = snapshot.lookup(snapshot.not_found_for("/" + path[len(base):] if path.startswith(base) else "/"))
        body = self.decorate(page) if isinstance(page, bytes) else b"Not found\n"
        return "404 Not Found", [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], body

    def _allowed(self, source: Path) -> bool:
        try:
            real = source.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        return any(real.is_relative_to(root) for root in self.allowed_roots)


def request_path(environ: dict) -> str:
    """PATH_INFO as text: WSGI hands it over as the request's bytes read as latin-1 (PEP 3333),
    so /文档/ arrives as mojibake unless read back as UTF-8."""
    raw = environ.get("PATH_INFO") or "/"
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def is_safe(relative: str) -> bool:
    """A decoded request path below the site root with no way out of it: no '..' or '.' segment,
    no backslash, no NUL, no empty segment (so no '//' and no absolute path)."""
    if "\\" in relative or "\x00" in relative or relative.startswith("/"):
        return False
    segments = relative.split("/")
    if segments and segments[-1] == "":
        segments = segments[:-1]
    return all(s not in ("", ".", "..") for s in segments)


def _content_type(output_path: str) -> str:
    guessed = mimetypes.guess_type(output_path)[0] or ("text/plain" if output_path.endswith("_redirects") else "application/octet-stream")
    if guessed.startswith(TEXT_TYPES):
        guessed += "; charset=utf-8"
    return guessed


def _ok(content_type: str, body: bytes) -> Response:
    return "200 OK", [("Content-Type", content_type), ("Cache-Control", "no-store"),
                      ("X-Content-Type-Options", "nosniff")], body


def _redirect(location: str) -> Response:
    return "301 Moved Permanently", [("Location", location), ("Cache-Control", "no-store")], b""
