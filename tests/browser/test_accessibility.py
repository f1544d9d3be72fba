"""axe-core (pinned in package.json, installed by `make test`) finds no WCAG 2 A/AA violation on
the pages of every language: the sample site and the four-language fixture, light and dark."""
from __future__ import annotations

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.browser.conftest import serve
from tests.conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
MULTILINGUAL = REPO / "tests" / "fixtures" / "sites" / "multilingual"
PAGES = ["/", "/{lang}/", "/{lang}/billing/", "/{lang}/billing/refunds/", "/{lang}/billing/faq/", "/{lang}/search/?q=card",
         "/{lang}/404.html"]


@pytest.fixture(scope="module")
def multilingual_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("a11y") / "site"
    build(MULTILINGUAL, BuildOptions(out_dir=out), Reporter())
    server = serve(out)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def violations(page) -> list[str]:
    assert AXE.is_file(), "run `make test` (it installs axe-core with npm)"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
        return result.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", "));
    }""")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_language_passes_axe(browser, multilingual_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        seen = set()
        for lang in ("en", "es", "zh", "ar"):
            for template in PAGES:
                path = template.format(lang=lang)
                if path in seen:
                    continue
                seen.add(path)
                page.goto(multilingual_site + path)
                page.wait_for_load_state("networkidle")
                assert violations(page) == [], f"{path} ({scheme})"
    finally:
        context.close()


def test_the_sample_site_passes_axe(browser, sample_site):
    _, base = sample_site
    page = browser.new_page()
    try:
        for path in ("/", "/billing/", "/billing/refunds/", "/search/?q=refund", "/404.html"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            assert violations(page) == [], path
    finally:
        page.close()


def test_axe_does_report_violations(browser, tmp_path):
    """So that a silent scan cannot pass the tests above."""
    (tmp_path / "bad.html").write_text('<!doctype html><html><body><img src="x.png"><a href="#"></a></body></html>')
    server = serve(tmp_path)
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/bad.html")
        assert violations(page)
    finally:
        page.close()
        server.shutdown()
