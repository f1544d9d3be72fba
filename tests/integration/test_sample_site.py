"""The sample help center in content/ is the demo: it must build clean and stay realistic."""
from __future__ import annotations

from urllib.parse import unquote

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.conftest import REPO
from tests.htmlpage import page


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "site"
    reporter = Reporter(strict=True)
    result = build(REPO, BuildOptions(out_dir=out), reporter)
    assert reporter.diagnostics == []
    return result


def test_sample_is_a_realistic_help_center(sample):
    site = sample.sites.default
    top = [c for c in site.categories.values() if c.parent_id == ""]
    nested = [c for c in site.categories.values() if c.parent_id]
    assert len(top) >= 6 and nested
    assert sum(1 for a in site.articles.values() if not a.is_faq) >= 40
    assert sum(1 for a in site.articles.values() if a.is_faq) >= 3
    assert any(a.featured for a in site.articles.values())
    assert list((REPO / "content").rglob("*.png"))


def test_sample_leaves_out_draft_and_internal_articles(sample):
    ids = set(sample.sites.default.articles)
    assert "invoices/ai-line-items" not in ids
    assert "troubleshooting/escalation-playbook" not in ids


def test_every_sample_image_has_alt_text(sample):
    for html in sample.out_dir.rglob("index.html"):
        doc = page(sample.out_dir, "/" + html.parent.relative_to(sample.out_dir).as_posix() + "/")
        for img in doc.select(".prose img"):
            assert img.get("alt"), (html, img)


def test_every_internal_link_in_the_sample_resolves(sample):
    out = sample.out_dir
    for html in out.rglob("*.html"):
        doc = page(out, "/" + html.relative_to(out).as_posix())
        for a in doc.select("a[href^='/']"):
            path = a["href"].split("#")[0]
            target = out / unquote(path).lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), (html, a["href"])
