"""sitemap.xml, robots.txt, alias redirects, kb.json and the Atom feed."""
from __future__ import annotations

import pytest

import json
import xml.etree.ElementTree as ET

from tests.conftest import run_cli
from tests.htmlpage import page

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def build(project, *args):
    result = run_cli("build", project, *args)
    assert result.exit_code == 0, result.stderr
    return args[args.index("-o") + 1] if "-o" in args else project / "site"


def sitemap(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    return {u.find(f"{SM}loc").text: (u.find(f"{SM}lastmod").text if u.find(f"{SM}lastmod") is not None else None)
            for u in root.findall(f"{SM}url")}


def test_sitemap_lists_exactly_the_public_pages(fixture_site):
    site = build(fixture_site("full"))
    urls = sitemap(site)
    base = "https://help.acme.test"
    expected = {"/", "/billing/", "/billing/cards/", "/account/", "/guides/", "/guides/deep/", "/guides/deep/deeper/",
                "/billing/refunds/", "/billing/faq/", "/billing/invoice-downloads/", "/billing/cards/add-card/",
                "/account/password/", "/account/two-factor/", "/guides/facturacion/", "/guides/deep/deeper/nested/",
                "/welcome/", "/tags/", "/tags/refunds/", "/tags/payments/", "/tags/invoices/"}
    assert set(urls) == {base + u for u in expected}
    assert urls[base + "/billing/refunds/"] == "2026-05-04"
    assert urls[base + "/billing/"] == "2026-06-10"  # newest article below it
    assert urls[base + "/account/password/"] is None  # no date known: left out
    robots = (site / "robots.txt").read_text()
    assert "Sitemap: https://help.acme.test/sitemap.xml" in robots and "Disallow: /search/" in robots


def test_drafts_and_internal_never_reach_sitemap_kb_json_or_feed(fixture_site, tmp_path):
    project = fixture_site("full")
    site = build(project, "--drafts", "-o", tmp_path / "drafts")
    assert not [u for u in sitemap(site) if "new-feature" in u or "escalation" in u]
    ids = [item["id"] for item in json.loads((site / "kb.json").read_text())["items"]]
    assert "account/new-feature" not in ids and "account/escalation" not in ids
    internal = build(project, "--internal", "-o", tmp_path / "internal")
    assert (internal / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (internal / "sitemap.xml").exists() and not (internal / "feed.xml").exists()
    assert page(internal, "/account/escalation/").find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_aliases_redirect_by_page_and_by_redirects_file(fixture_site):
    site = build(fixture_site("full"))
    moved = page(site, "/hc/articles/123-refunds/")
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/billing/refunds/"
    assert moved.find("link", rel="canonical")["href"] == "https://help.acme.test/billing/refunds/"
    assert moved.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert moved.h1.a["href"] == "/billing/refunds/"
    assert (site / "_redirects").read_text() == "/hc/articles/123-refunds/ /billing/refunds/ 301\n"


def test_aliases_under_a_base_path(fixture_site, tmp_path):
    site = build(fixture_site("full"), "--base-url", "https://example.com/help/", "-o", tmp_path / "sub")
    assert (site / "_redirects").read_text() == "/help/hc/articles/123-refunds/ /help/billing/refunds/ 301\n"
    assert "Sitemap: https://example.com/help/sitemap.xml" in (site / "robots.txt").read_text()
    assert "https://example.com/help/billing/refunds/" in sitemap(site)


def test_kb_json_has_articles_and_questions_as_data(fixture_site):
    site = build(fixture_site("full"))
    data = json.loads((site / "kb.json").read_text())
    items = {item["id"]: item for item in data["items"]}
    refunds = items["billing/refunds"]
    assert refunds["url"] == "https://help.acme.test/billing/refunds/"
    assert refunds["category"] == ["Billing & plans"] and refunds["tags"] == ["refunds", "payments"]
    assert refunds["updated"] == "2026-05-04" and "Refunds go back to the card" in refunds["text"]
    question = items["billing/faq#can-i-pay-by-invoice"]
    assert question["type"] == "question" and question["title"] == "Can I pay by invoice?"
    assert question["url"] == "https://help.acme.test/billing/faq/#can-i-pay-by-invoice"
    assert question["category"] == ["Billing & plans", "Billing FAQ"]


def test_atom_feed_lists_recent_articles_newest_first(fixture_site):
    site = build(fixture_site("full"))
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles[:3] == ["Download invoices", "Get a refund", "Billing FAQ"]
    assert len(titles) <= 20


def test_sitemap_splits_into_an_index_past_the_limit(fixture_site, monkeypatch):
    import kbgen.seo

    monkeypatch.setattr(kbgen.seo, "SITEMAP_LIMIT", 5)
    site = build(fixture_site("full"))
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.find(f"{SM}loc").text.rsplit("/", 1)[1] for s in index]
    assert parts == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap-4.xml"]
    total = sum(len(ET.parse(site / p).getroot()) for p in parts)
    assert total == 20


def test_without_site_url_there_is_no_sitemap_or_feed(write_project):
    site = build(write_project({"content/a.md": "---\nupdated: 2026-01-01\naliases: [/old/]\n---\n# A\n"}))
    assert not (site / "sitemap.xml").exists() and not (site / "feed.xml").exists()
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /search/\n"
    assert page(site, "/old/").find("link", rel="canonical")["href"] == "/a/"


@pytest.mark.parametrize("name, args", [("full", ()), ("full", ("--internal", "--drafts")), ("multilingual", ())])
def test_serve_knows_every_seo_file_without_building_them(fixture_site, name, args):
    """kbgen serve answers for the paths seo_paths names: exactly those seo_files writes."""
    from kbgen.build import BuildOptions, load_project
    from kbgen.config import load_config
    from kbgen.errors import Reporter
    from kbgen.seo import seo_files, seo_paths

    config = load_config(fixture_site(name))
    options = BuildOptions(drafts="--drafts" in args, internal="--internal" in args)
    themes, sites = load_project(config, options, Reporter(), exclude=[])
    assert seo_paths(sites) == set(seo_files(sites, {code: theme.strings for code, theme in themes.items()}))
