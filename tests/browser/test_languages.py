"""The multilingual fixture in real Chromium: no language overflows a phone or a desktop, Arabic pages
read right to left with their code and addresses left to right, the language switcher works from the
keyboard and leads to pages that exist, the chooser at / sends a browser to its language, and a wrapped
breadcrumb never starts a line with a separator."""
from __future__ import annotations

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.browser.conftest import serve
from tests.browser.test_layout import all_pages
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "es", "zh", "ar")
WIDTHS = {"phone": (320, 700), "desktop": (1280, 800)}
# A browser whose languages match none of the site's, so the chooser at / stays put.
ELSEWHERE = "fr-FR"


@pytest.fixture(scope="module")
def multilingual_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("multilingual") / "site"
    build(FIXTURES / "multilingual", BuildOptions(out_dir=out), Reporter())
    server = serve(out)
    yield out, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def representative_pages() -> list[str]:
    """The chooser, then each language's home, a category and an article (Arabic also one with a code block)."""
    pages = ["/"]
    for code in LANGUAGES:
        pages += [f"/{code}/", f"/{code}/billing/", f"/{code}/billing/refunds/"]
    return pages + ["/ar/billing/cards/", "/ar/account/"]


@pytest.mark.parametrize("device", WIDTHS)
def test_no_language_overflows_horizontally(browser, multilingual_site, device):
    _, base = multilingual_site
    width, height = WIDTHS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, locale=ELSEWHERE)
    tab = context.new_page()
    overflowing = []
    for url in representative_pages():
        tab.goto(base + url)
        assert tab.evaluate("location.pathname") == url  # the chooser did not move on
        scroll_width, inner_width = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        if scroll_width > inner_width:
            overflowing.append((url, scroll_width))
        # Overflow toward the left of a right-to-left page does not scroll: look at the boxes too.
        outside = tab.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getClientRects().length && !e.closest('.visually-hidden, pre, .table-wrap'))
            .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.left < -1 || r.right > innerWidth + 1); })
            .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
        if outside:
            overflowing.append((url, outside))
    context.close()
    assert overflowing == []


def text_runs_left_to_right(tab, selector: str) -> bool:
    """The first character of the element's text is drawn left of its last one."""
    return tab.evaluate("""selector => {
        const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
        const nodes = [];
        while (walker.nextNode()) if (walker.currentNode.data.trim()) nodes.push(walker.currentNode);
        const first = nodes[0], last = nodes[nodes.length - 1];
        const end = last.data.trimEnd().length;
        const box = (node, from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to); return r.getBoundingClientRect(); };
        const start = first.data.length - first.data.trimStart().length;
        return box(first, start, start + 1).left < box(last, end - 1, end).left;
    }""", selector)


def test_arabic_pages_read_right_to_left_with_code_and_addresses_left_to_right(browser, multilingual_site):
    _, base = multilingual_site
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=ELSEWHERE)
    tab = context.new_page()
    tab.goto(base + "/ar/billing/cards/")
    assert tab.evaluate("[document.documentElement.dir, getComputedStyle(document.documentElement).direction]") == ["rtl", "rtl"]
    box = lambda selector: tab.locator(selector).first.bounding_box()  # noqa: E731
    # The header flows right to left: brand, search box, contact, switcher.
    brand, search, contact, switcher = (box(s) for s in (".brand", ".header-inner .search-form", ".header-contact", ".language-switcher"))
    assert brand["x"] >= search["x"] + search["width"]
    assert search["x"] >= contact["x"] + contact["width"]
    assert contact["x"] >= switcher["x"] + switcher["width"]
    # So does the breadcrumb, whose first item sits at the start (right) edge of the content.
    items = [tab.locator(".breadcrumbs li").nth(i).bounding_box() for i in range(tab.locator(".breadcrumbs li").count())]
    assert len(items) == 3
    assert all(a["x"] >= b["x"] + b["width"] for a, b in zip(items, items[1:]))
    main = box(".main-inner")
    assert abs((items[0]["x"] + items[0]["width"]) - (main["x"] + main["width"] - 24)) <= 2  # the 1.5rem gutter
    # Its separators point the way it reads, to the left.
    assert tab.evaluate("getComputedStyle(document.querySelector('.breadcrumb-separator')).transform") == "matrix(-1, 0, 0, 1, 0, 0)"
    # The code block stays left to right, its lines starting at the left.
    assert tab.evaluate("getComputedStyle(document.querySelector('.prose pre')).direction") == "ltr"
    assert tab.evaluate("getComputedStyle(document.querySelector('.prose pre code')).direction") == "ltr"
    assert text_runs_left_to_right(tab, ".prose pre code")
    pre, code = box(".prose pre"), box(".prose pre code")
    assert code["x"] - pre["x"] < 20  # border and padding, not the far (right) side
    # An address in Arabic prose reads left to right too.
    tab.goto(base + "/ar/billing/refunds/")
    assert text_runs_left_to_right(tab, '.prose a[href^="https://harbor.test/"]')
    # An English original listed in an Arabic category keeps English order, lined up at the right.
    tab.goto(base + "/ar/account/")
    original = tab.locator('.article-list li[lang="en"] > p').first
    assert original.evaluate("p => getComputedStyle(p).direction") == "ltr"
    assert text_runs_left_to_right(tab, '.article-list li[lang="en"] > p')
    paragraph, item = original.bounding_box(), tab.locator('.article-list li[lang="en"]').first.bounding_box()
    assert abs((paragraph["x"] + paragraph["width"]) - (item["x"] + item["width"])) <= 1
    # Left-to-right pages do not mirror.
    tab.goto(base + "/zh/billing/refunds/")
    assert tab.evaluate("getComputedStyle(document.querySelector('.breadcrumb-separator')).transform") == "none"
    brand, search = box(".brand"), box(".header-inner .search-form")
    assert brand["x"] + brand["width"] <= search["x"]
    context.close()


def tab_to(tab, selector: str, limit: int = 20) -> None:
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("width, url", [(1280, "/es/billing/refunds/"), (320, "/ar/billing/refunds/")])
def test_the_switcher_opens_from_the_keyboard_and_its_menu_stays_on_screen(browser, multilingual_site, width, url):
    _, base = multilingual_site
    context = browser.new_context(viewport={"width": width, "height": 700}, locale=ELSEWHERE)
    tab = context.new_page()
    tab.goto(base + url)
    header_height = tab.locator(".site-header").bounding_box()["height"]
    tab_to(tab, ".language-switcher summary")
    assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.querySelector('.language-switcher details').open") is True
    menu = tab.locator(".language-switcher ul")
    assert menu.is_visible()
    rect = menu.bounding_box()
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width
    assert tab.locator(".site-header").bounding_box()["height"] == header_height  # the menu floats over the page
    # The menu's links come next in the tab order, with visible focus; Escape closes it onto its button.
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('.language-switcher ul') !== null")
    assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    tab.keyboard.press("Escape")
    assert tab.evaluate("document.querySelector('.language-switcher details').open") is False
    assert tab.evaluate("document.activeElement.matches('.language-switcher summary')")
    # Enter on a language goes to that language's page.
    tab.keyboard.press("Enter")
    tab_to(tab, '.language-switcher a[hreflang="zh"]', limit=5)
    with tab.expect_navigation() as navigation:
        tab.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert tab.evaluate("document.documentElement.lang") == "zh"
    context.close()


def test_every_switcher_link_leads_to_a_page_that_exists(browser, multilingual_site):
    site, base = multilingual_site
    context = browser.new_context(locale=ELSEWHERE)
    tab = context.new_page()
    targets = set()
    for url in all_pages(site):
        tab.goto(base + url)
        targets.update(tab.evaluate("[...document.querySelectorAll('.language-switcher a')].map(a => a.href)"))
    assert len(targets) > 20
    missing = [href for href in sorted(targets) if context.request.get(href).status != 200]
    context.close()
    assert missing == []


def test_the_chooser_sends_a_browser_to_its_language(browser, multilingual_site):
    _, base = multilingual_site
    context = browser.new_context(locale="es-MX")
    tab = context.new_page()
    tab.goto(base + "/")
    tab.wait_for_url(base + "/es/")
    assert tab.evaluate("document.documentElement.lang") == "es"
    # location.replace: the chooser is not left in the history to bounce back to.
    tab.go_back()
    assert tab.url == "about:blank"
    # A reader who came to the chooser from the help center chose it, and stays.
    tab.goto(base + "/", referer=base + "/es/")
    tab.wait_for_timeout(300)
    assert tab.evaluate("[location.pathname, document.body.className]") == ["/", "page-languages"]
    context.close()
    # Preferences in order, matched on the primary subtag: fr-CA matches nothing, zh-Hans-CN matches zh.
    context = browser.new_context(locale="fr-CA")
    context.add_init_script("Object.defineProperty(navigator, 'languages', {get: () => ['fr-CA', 'zh-Hans-CN', 'es']})")
    tab = context.new_page()
    tab.goto(base + "/")
    tab.wait_for_url(base + "/zh/")
    context.close()


def test_the_chooser_keeps_a_browser_whose_language_it_lacks(browser, multilingual_site):
    _, base = multilingual_site
    for options in ({"locale": "fr-FR"}, {"locale": "es-MX", "java_script_enabled": False}):
        context = browser.new_context(**options)
        tab = context.new_page()
        tab.goto(base + "/")
        tab.wait_for_timeout(300)
        assert tab.evaluate("[location.pathname, document.body.className]") == ["/", "page-languages"]
        choices = tab.locator("a.language-choice")
        assert choices.count() == len(LANGUAGES)
        assert tab.locator('.language-choices li[dir="rtl"] .language-name').inner_text() == "العربية"
        context.close()


BREADCRUMB_CHECK = """() => {
    const ol = document.querySelector('.breadcrumbs ol');
    const rtl = getComputedStyle(ol).direction === 'rtl';
    const items = [...ol.children];
    const problems = [];
    for (const separator of ol.querySelectorAll('.breadcrumb-separator')) {
        // The separator shares a line with the last letter of the item before it, on that letter's far side.
        const link = separator.closest('li').querySelector('a');
        const text = link.lastChild;
        const range = document.createRange();
        range.setStart(text, text.data.length - 1);
        range.setEnd(text, text.data.length);
        const rects = range.getClientRects();
        const letter = rects[rects.length - 1];
        const box = separator.getBoundingClientRect();
        const sameLine = box.top < letter.bottom && box.bottom > letter.top;
        const beyond = rtl ? box.right <= letter.left + 1 : box.left >= letter.right - 1;
        // And no separator sits at the start edge of the trail, where a line begins.
        const lineStart = rtl ? ol.getBoundingClientRect().right - box.right : box.left - ol.getBoundingClientRect().left;
        if (!sameLine || !beyond || lineStart < 2) problems.push(link.textContent);
    }
    const wrapped = items[items.length - 1].getBoundingClientRect().top > items[0].getBoundingClientRect().bottom - 1;
    return {problems, wrapped, separators: ol.querySelectorAll('.breadcrumb-separator').length, items: items.length};
}"""


def test_a_wrapped_breadcrumb_never_starts_a_line_with_a_separator(browser, sample_site, multilingual_site):
    _, sample = sample_site
    _, multilingual = multilingual_site
    pages = [sample + url for url in ("/billing/", "/billing/update-payment-method/", "/billing/cancel-your-subscription/",
                                      "/account/security/two-factor-authentication/", "/getting-started/set-up-your-business-profile/")]
    pages += [multilingual + url for url in ("/es/billing/refunds/", "/ar/billing/refunds/", "/ar/billing/cards/", "/zh/billing/refunds/")]
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale=ELSEWHERE)
    tab = context.new_page()
    wrapped = 0
    for width in (390, 320):
        tab.set_viewport_size({"width": width, "height": 800})
        for url in pages:
            tab.goto(url)
            result = tab.evaluate(BREADCRUMB_CHECK)
            assert result["separators"] == result["items"] - 1, url
            assert result["problems"] == [], (url, width)
            wrapped += result["wrapped"]
    context.close()
    assert wrapped >= 5  # the check saw trails that do wrap
