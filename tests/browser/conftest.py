"""Playwright driving Debian's Chromium (never a downloaded browser) against a built site served on loopback."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.conftest import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "site"
    build(REPO, BuildOptions(out_dir=out), Reporter())
    server = serve(out)
    yield out, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
