"""A site built for https://example.com/help/ works when served under /help/."""
from __future__ import annotations

import re

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.browser.conftest import serve
from tests.conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("subpath")
    build(REPO, BuildOptions(out_dir=root / "help", base_url="https://example.com/help/"), Reporter())
    server = serve(root)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_links_assets_and_search_work_under_the_sub_path(browser, subpath_site):
    context = browser.new_context()
    tab = context.new_page()
    failed = []
    tab.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    tab.goto(subpath_site + "/help/")
    assert tab.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # stylesheet loaded
    tab.locator(".category-card a", has_text="Payments and payouts").click()
    tab.wait_for_url(re.compile(r".*/help/payments/$"))
    tab.locator(".article-list a", has_text="Refund a payment").click()
    tab.wait_for_url(re.compile(r".*/help/payments/refund-a-payment/$"))
    tab.locator(".prose img").first.scroll_into_view_if_needed()
    assert tab.evaluate("[...document.querySelectorAll('.prose img')].every(i => i.complete && i.naturalWidth > 0)")
    tab.locator(".breadcrumbs a", has_text="Home").click()
    tab.wait_for_url(re.compile(r".*/help/$"))
    box = tab.locator("#home-search-q")
    box.click()
    box.type("payouts", delay=20)
    tab.locator("#home-search-suggest [role=option]").first.wait_for()
    assert tab.locator("#home-search-suggest [role=option]").first.get_attribute("href").startswith("/help/")
    box.press("Enter")
    tab.wait_for_url(re.compile(r".*/help/search/\?q=payouts$"))
    tab.locator("#search-results a").first.click()
    tab.wait_for_url(re.compile(r".*/help/payments/.*"))
    assert failed == []
    context.close()
