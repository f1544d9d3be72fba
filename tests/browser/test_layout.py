"""The sample site in real Chromium: nothing overflows at phone or desktop width, FAQ anchors open,
dark mode and keyboard users are served."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}


def all_pages(site):
    """Every page a reader can stay on (redirect pages for old addresses move on at once)."""
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")
                  if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("device", WIDTHS)
def test_no_page_overflows_horizontally(browser, sample_site, device):
    site, base = sample_site
    width, height = WIDTHS[device]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    overflowing = []
    pages = all_pages(site)
    assert len(pages) > 60
    for url in pages:
        tab.goto(base + url)
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide = tab.evaluate("""w => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 3)
                .map(e => e.tagName + '.' + e.className)""", width)
            overflowing.append((url, scroll_width, wide))
    context.close()
    assert overflowing == []


def test_faq_anchor_opens_its_question(browser, sample_site):
    site, base = sample_site
    tab = browser.new_page(viewport={"width": 360, "height": 740})
    tab.goto(base + "/billing/faq/")
    first = tab.locator("details.faq-item").first
    anchor = first.get_attribute("id")
    assert first.evaluate("d => d.open") is False
    tab.goto(base + f"/billing/faq/#{anchor}")
    tab.wait_for_function(f"document.getElementById('{anchor}').open === true")
    # Clicking the question toggles it without JavaScript help.
    second = tab.locator("details.faq-item").nth(1)
    second.locator("summary").click()
    assert second.evaluate("d => d.open") is True
    tab.close()


def test_keyboard_user_reaches_skip_link_first_with_visible_focus(browser, sample_site):
    _, base = sample_site
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(base + "/payments/refund-a-payment/")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("[document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]")
    assert focused[0] == "skip-link"
    tab.keyboard.press("Enter")
    assert tab.evaluate("location.hash") == "#main"
    tab.keyboard.press("Tab")
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    tab.close()


def test_dark_mode_follows_the_system(browser, sample_site):
    _, base = sample_site
    colors = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        tab.goto(base + "/")
        colors[scheme] = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colors["light"] == "rgb(255, 255, 255)"
    assert colors["dark"] == "rgb(17, 24, 39)"


def test_print_hides_chrome_and_shows_faq_answers(browser, sample_site):
    _, base = sample_site
    tab = browser.new_page()
    tab.goto(base + "/billing/faq/")
    tab.emulate_media(media="print")
    assert tab.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "none"
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert tab.evaluate("[...document.querySelectorAll('details.faq-item')].every(d => d.open)")
    tab.close()
