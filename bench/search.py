"""Benchmark search on generated help centers of 1,000 and 10,000 articles, in Node and in Chromium.

Usage: python bench/search.py [--sizes 1000,10000] [--keep DIR] [--queries 8]

Per size it prints:
- the seconds to build the search files, their count and gzipped bytes;
- in Node, through the site's own worker host (bench/search_timing.js): the files a fresh
  reader's submitted query fetches, and the median and 95th percentile of 300 queries once
  their shards are fetched, typed (quick index) and submitted (sharded full text);
- in Debian's Chromium, the site served gzipped on loopback, fast and throttled to slow 4G
  (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, through Chromium's own network
  emulation): from the first keystroke in the home page's search box to the first suggestion,
  and from Enter on the search page to its results; with the requests and gzipped bytes the
  search fetched for each (the page itself and its scripts excluded; the search scripts
  included). Medians over --queries queries, each in a fresh browser context (a cold cache).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from build import VOCABULARY, WORDS, ZIPF_CUMULATIVE, generate  # noqa: E402

from kbgen.build import BuildOptions, load_project  # noqa: E402
from kbgen.config import load_config  # noqa: E402
from kbgen.errors import Reporter  # noqa: E402
from kbgen.search import build_search  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


SENT: list[tuple[str, int]] = []  # (path, bytes) of every response, in order: what the bench counts


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a host serves them: gzipped when the browser accepts it. Every response is
    logged to SENT (the worker's requests never reach the page's DevTools session)."""

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bench closed the browser context mid-transfer

    def do_GET(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()
        data = path.read_bytes()
        encoded = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in (".html", ".js", ".json", ".css", ".svg")
        if encoded:
            data = gzip.compress(data, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        SENT.append((self.path, len(data)))
        self.wfile.write(data)


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def customer_queries(rng: random.Random, count: int) -> list[str]:
    """One to three words drawn like the text itself; the common help-center words first."""
    out = []
    for _ in range(count):
        words = rng.choices(VOCABULARY, cum_weights=ZIPF_CUMULATIVE, k=rng.randint(1, 3))
        if rng.random() < 0.5:
            words[0] = rng.choice(WORDS)
        out.append(" ".join(words))
    return out


def measure_browser(browser, base: str, queries: list[str], throttle: dict | None) -> dict:
    typed, submitted = [], []
    for q in queries:
        for kind in ("typed", "submitted"):
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            if throttle:
                cdp.send("Network.emulateNetworkConditions", throttle)
            if kind == "typed":
                page.goto(base + "/")
                page.wait_for_load_state("networkidle")
                box = page.locator("#home-search-q")
                mark = len(SENT)
                started = time.perf_counter()
                box.focus()
                box.type(q[:4], delay=0)
                page.locator("#home-search-suggest [role=option], #home-search-suggest .search-empty").first.wait_for(timeout=120_000)
                typed.append(_row(started, mark))
            else:
                mark = len(SENT)
                started = time.perf_counter()
                page.goto(f"{base}/search/?q={quote(q)}")
                page.locator("#search-results a, #search-results .search-empty").first.wait_for(timeout=120_000)
                submitted.append(_row(started, mark))
            context.close()
    return {"typed": _summary(typed), "submitted": _summary(submitted)}


def _row(started: float, mark: int) -> tuple[float, int, float]:
    """Seconds since `started`, and the search's requests and gzipped bytes since `mark`: the
    index files and the search scripts (lunr, stemmers, tokenizer, engine, worker), not the page."""
    seconds = time.perf_counter() - started
    search = [size for path, size in SENT[mark:] if ("/search/" in path and not path.split("?")[0].endswith("/search/"))
              or "/assets/search/" in path or "/assets/vendor/" in path]
    return seconds, len(search), sum(search)


def _summary(rows: list[tuple[float, int, float]]) -> dict:
    return {"seconds": statistics.median(r[0] for r in rows), "max_seconds": max(r[0] for r in rows),
            "requests": statistics.median(r[1] for r in rows), "kib": statistics.median(r[2] for r in rows) / 1024,
            "max_kib": max(r[2] for r in rows) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--queries", type=int, default=8, help="queries per browser measurement")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    queries = customer_queries(rng, 300)
    (work / "queries.json").write_text(json.dumps(queries))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in (int(s) for s in args.sizes.split(",")):
            project = work / f"project-{size}"
            if not project.exists():
                generate(project, size)
            _, sites = load_project(load_config(project), BuildOptions(), Reporter(), exclude=[])
            started = time.perf_counter()
            bundle = build_search(sites.default)
            build_seconds = time.perf_counter() - started
            gz = sum(len(gzip.compress(data, 6)) for data in bundle.files.values())
            out = work / f"site-{size}"
            subprocess.run([sys.executable, "-m", "kbgen", "build", str(project), "-o", str(out), "--no-cache"],
                           check=True, capture_output=True)
            timing = json.loads(subprocess.run(["node", str(BENCH / "search_timing.js"), str(out), str(work / "queries.json")],
                                               check=True, capture_output=True, text=True).stdout)
            print(f"== {size} articles: {len(bundle.files)} search files, {gz / 2**20:.1f} MiB gzipped in all, "
                  f"built in {build_seconds:.2f} s")
            print(f"   node: a fresh reader's submitted query fetches {timing['filesPerQueryMedian']} files "
                  f"(median; max {timing['filesPerQueryMax']}); once fetched, {timing['queries']} queries typed "
                  f"median {timing['typedMedianMs']:.2f} ms p95 {timing['typedP95Ms']:.2f} ms, submitted median "
                  f"{timing['submittedMedianMs']:.2f} ms p95 {timing['submittedP95Ms']:.2f} ms")
            server = serve(out)
            base = f"http://127.0.0.1:{server.server_address[1]}"
            picked = rng.sample(queries, args.queries)
            for label, throttle in (("fast", None), ("slow 4G", SLOW_4G)):
                found = measure_browser(browser, base, picked, throttle)
                for kind, row in found.items():
                    what = "first keystroke to first suggestion" if kind == "typed" else "Enter to results"
                    print(f"   chromium {label:<7} {what:<36} {row['seconds']:.2f} s (max {row['max_seconds']:.2f}), "
                          f"{row['requests']:.0f} search requests, {row['kib']:.0f} KiB gzipped (max {row['max_kib']:.0f})",
                          flush=True)
            server.shutdown()
        browser.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
