"""Per-page metadata for search engines and sharing: title, description, canonical, Open Graph, JSON-LD."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from kbgen.urls import alias_output_path
from tests.conftest import REPO, run_cli
from tests.htmlpage import page, reader_pages

REQUIRED = {
    "WebSite": {"name", "url", "potentialAction"},
    "Article": {"headline", "description", "inLanguage", "breadcrumb", "url"},
    "FAQPage": {"mainEntity"},
    "BreadcrumbList": {"itemListElement"},
}


def jsonld(doc):
    return [json.loads(s.string) for s in doc.find_all("script", type="application/ld+json")]


def test_every_sample_page_has_one_title_h1_description_and_parsing_jsonld(tmp_path):
    """Also: nothing is loaded from another host, the sitemap lists exactly the indexable pages,
    and every alias has its redirect page and _redirects line."""
    out = tmp_path / "site"
    assert run_cli("build", REPO, "-o", out).exit_code == 0
    seen_types = set()
    indexable_pages = set()
    for html, doc in reader_pages(out):
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for node in doc.find_all(tag, attrs={attr: True}):
                if not (tag == "link" and node.get("rel") in (["canonical"], ["alternate"])):
                    assert not node[attr].startswith(("http:", "https:", "//")), (html, node[attr])
        if not doc.find("meta", attrs={"name": "robots"}):
            indexable_pages.add(doc.find("link", rel="canonical")["href"])
        assert len(doc.find_all("title")) == 1 and len(doc.find_all("h1")) == 1, html
        assert doc.find("meta", attrs={"name": "description"})["content"], html
        assert doc.find("meta", attrs={"name": "viewport"}), html
        assert doc.find("meta", property="og:title")["content"], html
        indexable = not doc.find("meta", attrs={"name": "robots"})
        if indexable:
            assert doc.find("link", rel="canonical")["href"].startswith("https://help.harbor.example/"), html
        for block in jsonld(doc):
            assert block["@context"] == "https://schema.org"
            seen_types.add(block["@type"])
            assert REQUIRED[block["@type"]] <= set(block), (html, block["@type"])
        if indexable and html.relative_to(out).as_posix() != "index.html":
            assert "BreadcrumbList" in [b["@type"] for b in jsonld(doc)], html
    assert seen_types == {"WebSite", "Article", "FAQPage", "BreadcrumbList"}
    listed = {u.text for u in ET.parse(out / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert listed == indexable_pages
    site = build(REPO, BuildOptions(out_dir=tmp_path / "again"), Reporter()).sites.default
    aliases = [(alias, a.url) for a in site.articles.values() for alias in a.aliases]
    assert aliases
    for alias, url in aliases:
        moved = (out / alias_output_path(alias)).read_text()
        assert f'url={url}"' in moved
        assert f"{alias} {url} 301" in (out / "_redirects").read_text()


def test_jsonld_details(fixture_site):
    project = fixture_site("full")
    assert run_cli("build", project).exit_code == 0
    site = project / "site"
    [website] = jsonld(page(site, "/"))
    assert website["potentialAction"]["target"]["urlTemplate"] == "https://help.acme.test/search/?q={search_term_string}"
    article, crumbs = jsonld(page(site, "/billing/refunds/"))
    assert article["dateModified"] == "2026-05-04" and article["headline"] == "Get a refund"
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Home", "Billing & plans", "Get a refund"]
    assert crumbs["itemListElement"][-1]["item"] == "https://help.acme.test/billing/refunds/"
    faq, _ = jsonld(page(site, "/billing/faq/"))
    assert [q["name"] for q in faq["mainEntity"]] == ["Can I pay by invoice?", "What's a pro-rated charge?", "Can I pay by invoice?"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Yes, on the Pro plan. See refunds."


def test_no_article_can_break_out_of_the_jsonld_script(write_project):
    project = write_project({
        "kbgen.yaml": "site:\n  url: https://x.test/\n",
        "content/a.md": "---\ntitle: 'Evil </script><script>alert(1)</script>'\ndescription: '<!-- & -->'\n---\nBody\n",
    })
    assert run_cli("build", project).exit_code == 0
    source = (project / "site" / "a" / "index.html").read_text()
    assert "<script>alert(1)" not in source
    [article, _] = jsonld(page(project / "site", "/a/"))
    assert article["headline"] == "Evil </script><script>alert(1)</script>"
    assert article["description"] == "<!-- & -->"


def test_without_site_url_no_jsonld_or_canonical_but_pages_still_build(write_project):
    project = write_project({"content/a.md": "# A\n\nText.\n"})
    assert run_cli("build", project).exit_code == 0
    doc = page(project / "site", "/a/")
    assert jsonld(doc) == [] and doc.find("link", rel="canonical") is None
    assert doc.find("meta", property="og:title")["content"] == "A"


def test_drafts_and_internal_pages_are_noindex_even_in_their_own_builds(fixture_site, tmp_path):
    project = fixture_site("full")
    assert run_cli("build", project, "--drafts", "-o", tmp_path / "d").exit_code == 0
    draft = page(tmp_path / "d", "/account/new-feature/")
    assert draft.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert draft.find("link", rel="canonical") is None and jsonld(draft) == []
