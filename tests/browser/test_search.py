"""Search in real Chromium on the sample site: as-you-type results, the search page, escaping,
lazy loading and the zero-result path."""
from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import QuietHandler
from tests.browser.test_feedback import voting_site  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def test_typing_in_the_header_box_shows_results_and_enter_opens_one(tab, sample_site):
    _, base = sample_site
    tab.goto(base + "/payments/")
    box = tab.locator("#site-search-q")
    box.click()
    box.type("refund a paym", delay=20)
    options = tab.locator("#site-search-suggest [role=option]")
    # The answer to the last keystroke replaces earlier ones, however long this machine takes.
    tab.wait_for_function("(document.querySelector('#site-search-suggest [role=option]') || {}).innerText"
                          "?.includes('Refund a payment')", timeout=60_000)
    assert tab.locator("#site-search-suggest mark").count() > 0
    assert tab.locator("#site-search-suggest").is_visible()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    box.press("Enter")
    tab.wait_for_url(re.compile(r".*/payments/refund-a-payment/$"))


def test_escape_closes_and_enter_without_a_choice_opens_the_search_page(tab, sample_site):
    _, base = sample_site
    tab.goto(base + "/")
    box = tab.locator("#home-search-q")
    box.click()
    box.type("payout", delay=20)
    tab.locator("#home-search-suggest [role=option]").first.wait_for()
    box.press("Escape")
    assert tab.locator("#home-search-suggest").is_hidden()
    box.press("Enter")
    tab.wait_for_url(re.compile(r".*/search/\?q=payout$"))
    tab.locator("#search-results a").first.wait_for()


def test_search_page_renders_ranked_links_for_q(tab, sample_site):
    _, base = sample_site
    tab.goto(base + "/search/?q=" + quote("reset password"))
    first = tab.locator("#search-results a").first
    first.wait_for()
    assert first.get_attribute("href") == "/account/security/reset-your-password/"
    assert tab.locator("#page-search-q").input_value() == "reset password"
    assert "reset password" in tab.locator("h1").inner_text()


def test_markup_in_a_query_is_shown_as_text_and_runs_nothing(tab, sample_site):
    _, base = sample_site
    payload = "<img src=x onerror=alert(1)>"
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(base + "/search/?q=" + quote(payload))
    tab.locator("#search-results .search-empty, #search-results a").first.wait_for()
    assert payload in tab.locator("h1").inner_text()
    assert tab.locator("#search-results img, h1 img").count() == 0
    box = tab.locator("#page-search-q")
    box.fill("")
    box.type(payload, delay=5)
    # The box has answered the whole payload: its "See all results" link carries that query.
    tab.wait_for_function("""q => { const all = document.querySelector('#page-search-suggest .search-all');
        return all !== null && all.href.endsWith('?q=' + encodeURIComponent(q)); }""", arg=payload)
    assert tab.locator(".search-suggest img").count() == 0
    assert dialogs == []


def test_home_page_loads_no_index_until_search_is_used(tab, sample_site):
    _, base = sample_site
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(base + "/")
    tab.wait_for_load_state("networkidle")
    heavy = ("-meta.", "-terms-", "/store-", "lunr", "worker", "engine", "tokenizer", "fulltext")
    assert [u for u in requests if any(h in u for h in heavy)] == []
    assert [u for u in requests if "/assets/search/search." in u]  # the small UI script only
    tab.locator("#home-search-q").focus()
    tab.wait_for_function("!document.querySelector('#home-search-q').hasAttribute('aria-busy')")
    assert [u for u in requests if "quick-meta" in u]


def test_the_search_page_fetches_the_workers_files_while_the_worker_loads_and_each_once(browser, sample_site):
    """The page fetches the worker's scripts and meta files while the worker's own script loads (on
    slow 4G a round trip saved); the worker uses those copies instead of fetching them again. The
    worker's script is served half a second late: files asked for before it was answered were
    asked by the page, since the worker can only ask once it runs."""
    import functools
    import http.server
    import threading
    import time

    out, _ = sample_site
    arrived: list[tuple[str, float]] = []
    worker_answered: list[float] = []

    class SlowWorker(QuietHandler):
        def do_GET(self):
            arrived.append((urlsplit(self.path).path, time.monotonic()))
            if "/assets/search/worker." in self.path:
                time.sleep(0.5)
                super().do_GET()
                worker_answered.append(time.monotonic())
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SlowWorker, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=" + quote("refund"))
        tab.locator("#search-results a").first.wait_for()
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
        server.shutdown()
    search = [(path, t) for path, t in arrived if path.startswith(("/search/", "/assets/search/", "/assets/vendor/"))
              and path != "/search/"]
    paths = [path for path, _ in search]
    assert len(paths) == len(set(paths)), sorted(paths)
    for name in ("lunr", "/engine.", "/tokenizer.", "/fulltext.", "quick-meta", "full-meta"):
        asked = [t for path, t in search if name in path]
        assert asked and asked[0] < worker_answered[0], (name, paths)
    assert any("-terms-" in p for p in paths) and any("/store-" in p for p in paths)


def searches_stored(db, expected: int, timeout: float = 60.0) -> list[tuple]:
    """(query, results, clicked) of the searches the endpoint stored, once there are `expected`."""
    import sqlite3
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            found = sqlite3.connect(db).execute(
                "SELECT query, results, clicked FROM events WHERE type = 'search' ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            found = []
        if len(found) >= expected or time.monotonic() >= deadline:
            return found
        time.sleep(0.1)


BEACONS = """(() => {  // every beacon the page sends, as it sends it
    window.kbSentBeacons = [];
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => { window.kbSentBeacons.push(String(data)); return send(url, data); };
})();"""


def test_zero_results_say_so_offer_contact_and_report_the_query(tab, voting_site):
    base, db = voting_site
    tab.add_init_script(BEACONS)
    tab.goto(base + "/search/?q=" + quote("zzqx blorft"))
    empty = tab.locator("#search-results .search-empty")
    empty.wait_for()
    assert empty.inner_text() == "No results for “zzqx blorft”"
    contact = tab.locator("#search-results .search-contact a")
    assert contact.get_attribute("href") == "https://harbor.example/support"
    assert tab.evaluate("window.kbSentBeacons") == []  # logged as the results were shown; kept until the reader leaves
    tab.goto(base + "/")
    assert searches_stored(db, 1) == [("zzqx blorft", 0, None)]


def test_each_search_is_reported_once_with_the_result_opened_and_typing_sends_nothing(tab, voting_site):
    base, db = voting_site
    before = len(searches_stored(db, 0, timeout=0))
    tab.goto(base + "/search/?q=refund")
    first = tab.locator("#search-results a.search-result").first
    first.wait_for()
    total = int(tab.locator("#search-results .search-count").inner_text().split()[0])
    opened = first.get_attribute("href")
    first.click()
    tab.wait_for_url("**" + opened)
    box = tab.locator("#site-search-q")
    box.click()
    box.press_sequentially("invoice", delay=40)  # seven keystrokes
    tab.locator("#site-search-suggest a.search-option").first.wait_for()
    suggestion = tab.locator("#site-search-suggest a.search-option").first
    picked = suggestion.get_attribute("href")
    suggestion.click()
    tab.wait_for_url("**" + picked.split("#")[0] + "*")
    tab.goto(base + "/")
    stored = searches_stored(db, before + 2)[before:]
    assert stored == [("refund", total, opened), ("invoice", stored[1][1], picked)]  # one row per search, none per key
    assert stored[1][1] > 0


def test_phone_width_suggestions_fit_the_screen(browser, sample_site):
    _, base = sample_site
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.goto(base + "/billing/")
    box = tab.locator("#site-search-q")
    box.click()
    box.type("card", delay=20)
    tab.locator("#site-search-suggest [role=option]").first.wait_for()
    right = tab.evaluate("document.querySelector('#site-search-suggest').getBoundingClientRect().right")
    assert right <= 360
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_search_works_in_the_page_where_workers_are_unavailable(browser, sample_site):
    _, base = sample_site
    context = browser.new_context()
    context.add_init_script("delete window.Worker;")
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(base + "/search/?q=" + quote("two factor"))
    first = tab.locator("#search-results a").first
    first.wait_for()
    assert first.get_attribute("href") == "/account/security/two-factor-authentication/"
    assert errors == []
    context.close()


def test_offline_build_searches_from_file_urls(browser, tmp_path):
    from kbgen.build import BuildOptions, build
    from kbgen.errors import Reporter
    from tests.conftest import REPO

    out = tmp_path / "offline"
    build(REPO, BuildOptions(out_dir=out, offline=True), Reporter())
    tab = browser.new_page()
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto((out / "payments" / "index.html").as_uri())
    box = tab.locator("#site-search-q")
    box.click()
    box.type("refund", delay=20)
    option = tab.locator("#site-search-suggest [role=option]").first
    option.wait_for()
    assert option.get_attribute("href") == (out / "payments" / "refund-a-payment" / "index.html").as_uri()
    box.press("Enter")
    tab.wait_for_url(re.compile(r"file://.*/search/index\.html\?q=refund$"))
    tab.locator("#search-results a").first.click()
    tab.wait_for_url(re.compile(r"file://.*/index\.html(#.*)?$"))
    assert tab.title().endswith("Harbor Help Center")
    assert errors == []
    tab.close()


def test_search_page_shows_ten_results_then_more_on_request(tab, sample_site):
    _, base = sample_site
    tab.goto(base + "/search/?q=" + quote("account"))
    items = tab.locator("#search-results ol li")
    items.first.wait_for()
    total = int(re.search(r"\d+", tab.locator(".search-count").inner_text()).group())
    assert total > 20, "the query should find more than two pages on the sample site"
    assert items.count() == 10
    pages = 1
    while tab.locator(".search-more").count():
        tab.locator(".search-more").click()
        pages += 1
        tab.wait_for_function(f"document.querySelectorAll('#search-results ol li').length >= {min(10 * pages, total)}",
                              timeout=60_000)
        # A keyboard reader goes on from the first new result.
        assert tab.evaluate("document.activeElement.closest('li') === "
                            f"document.querySelectorAll('#search-results ol li')[{10 * (pages - 1)}]")
    hrefs = [a.get_attribute("href") for a in tab.locator("#search-results ol li a").all()]
    assert len(hrefs) == len(set(hrefs)) == total
    assert pages == -(-total // 10)
