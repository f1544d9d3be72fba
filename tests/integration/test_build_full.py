"""Build the `full` fixture (every content feature) and read the pages a reader would get."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.htmlpage import links, page, text


@pytest.fixture
def built(fixture_site, tmp_path):
    project = fixture_site("full")
    result = run_cli("build", project, "--strict", cwd=project)
    assert result.exit_code == 0, result.stderr
    return project / "site"


def test_clean_urls_and_every_page_kind(built):
    for url in ["/", "/billing/", "/billing/cards/", "/billing/refunds/", "/billing/faq/", "/account/password/",
                "/guides/deep/deeper/nested/", "/tags/", "/tags/refunds/", "/welcome/"]:
        assert page(built, url).title is not None, url
    assert (built / "404.html").is_file()


def test_home_lists_categories_with_counts_featured_and_recent(built):
    home = page(built, "/")
    cards = home.select(".category-card")
    assert [text(c.select_one(".category-title")) for c in cards] == ["Billing & plans", "Account", "Guides"]
    assert text(cards[0].select_one(".category-count")) == "4 articles"
    assert "Invoices, refunds and payment methods." in text(cards[0])
    featured = home.find(id="featured-title").find_parent("section")
    assert [text(a) for a in featured.select("a")] == ["Get a refund", "Welcome to Acme Help"]
    recent = home.find(id="recent-title").find_parent("section")
    assert [text(a) for a in recent.select("a")][:3] == ["Download invoices", "Get a refund", "Billing FAQ"]
    assert home.select_one("a.header-contact")["href"] == "mailto:support@acme.test"
    assert text(home.select_one(".contact-box a.button")) == "Talk to us"


def test_category_page_orders_subcategories_then_articles(built):
    billing = page(built, "/billing/")
    assert text(billing.h1) == "Billing & plans"
    assert [text(c.select_one(".category-title")) for c in billing.select(".category-card")] == ["Cards"]
    titles = [text(a) for a in billing.select(".article-list > li > a")]
    assert titles == ["Get a refund", "Download invoices", "Billing FAQ"]
    assert links(billing.select_one(".article-list"))[1] == "/billing/invoice-downloads/"


def test_article_page(built):
    article = page(built, "/billing/refunds/")
    assert article.title.string == "Get a refund – Acme Help"
    assert article.find("meta", attrs={"name": "description"})["content"] == "How refunds work & how long they take."
    assert article.find("link", rel="canonical")["href"] == "https://help.acme.test/billing/refunds/"
    assert [text(li) for li in article.select(".breadcrumbs li")] == ["Home", "Billing & plans", "Get a refund"]
    assert article.select_one("time")["datetime"] == "2026-05-04"
    assert text(article.select_one(".meta")) == "Updated May 4, 2026"
    assert [a["href"] for a in article.select(".toc a")] == ["#full-refunds", "#partial-refunds", "#refund-receipts", "#receipts-in-spanish"]
    body = article.select_one(".prose")
    assert body.find("h2", id="partial-refunds")
    assert body.select_one(".table-wrap table")
    assert body.select_one("s").string == "Refunds took 10 days."
    assert len(body.select("input[type=checkbox][disabled]")) == 2
    assert body.select_one(".footnotes li#fn1")
    assert text(body.select_one(".callout-warning .callout-title")) == "Warning"
    assert body.select_one("iframe")["src"].startswith("https://www.youtube-nocookie.com/embed/")
    hrefs = links(body)
    assert "/billing/faq/#can-i-pay-by-invoice" in hrefs
    assert "#partial-refunds" in hrefs
    assert "/billing/files/receipt-template.pdf" in hrefs
    assert "/guides/facturacion/#impuestos-y-iva" in hrefs
    img = body.select_one("img")
    assert img["src"] == "/billing/img/refund-dialog.png" and img["alt"] == "The refund dialog with the amount field"
    assert [text(a) for a in article.select(".related a")] == ["Add a card", "Reset your password"]
    assert [text(a) for a in article.select(".tag-list a")] == ["refunds", "payments"]


def test_referenced_files_copied_and_unreferenced_left_out(built):
    assert (built / "billing/img/refund-dialog.png").read_bytes().startswith(b"\x89PNG")
    assert (built / "billing/files/receipt-template.pdf").is_file()
    assert not (built / "billing/img/unused.png").exists()
    assert (built / "robots-extra.txt").read_text() == "User-agent: *\n"
    assert (built / "favicon.svg").is_file()


def test_title_and_description_fallbacks(built):
    password = page(built, "/account/password/")
    assert text(password.h1) == "Reset your password"
    assert len(password.find_all("h1")) == 1
    assert password.find("meta", attrs={"name": "description"})["content"].startswith("If you forgot your password")
    two_factor = page(built, "/account/two-factor/")
    assert text(two_factor.h1) == "Two factor"
    description = two_factor.find("meta", attrs={"name": "description"})["content"]
    assert description.endswith("…") and len(description) <= 160
    account = page(built, "/account/")
    assert text(account.h1) == "Account"


def test_faq_page_questions_are_details_with_stable_anchors(built):
    faq = page(built, "/billing/faq/")
    items = faq.select("details.faq-item")
    assert [d["id"] for d in items] == ["can-i-pay-by-invoice", "whats-a-pro-rated-charge", "can-i-pay-by-invoice-1"]
    assert text(items[0].summary) == "Can I pay by invoice?"
    assert links(items[0].select_one(".faq-answer > p")) == ["/billing/refunds/"]
    widgets = [d.select_one("[data-kb-feedback]") for d in items]
    assert [(w["data-page"], w["data-question"]) for w in widgets] == [("billing/faq", d["id"]) for d in items]
    assert widgets[0].has_attr("hidden")  # shown by feedback.js only: without JavaScript it could not send
    assert items[1].select_one(".callout-tip")
    assert "Quick answers about paying Acme." in text(faq.select_one(".prose"))


def test_drafts_and_internal_are_left_out_by_default(built):
    assert not (built / "account/new-feature").exists()
    assert not (built / "account/escalation").exists()
    account = page(built, "/account/")
    assert [text(a) for a in account.select(".article-list > li > a")] == ["Reset your password", "Two factor"]


def test_drafts_and_internal_flags(fixture_site, tmp_path):
    project = fixture_site("full")
    out = tmp_path / "internal-site"
    result = run_cli("build", project, "--drafts", "--internal", "-o", out)
    assert result.exit_code == 0, result.stderr
    draft = page(out, "/account/new-feature/")
    assert text(draft.select_one(".badge-draft")) == "Draft"
    internal = page(out, "/account/escalation/")
    assert text(internal.select_one(".badge-internal")) == "Internal"
    assert internal.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "Internal build" in text(internal.select_one(".internal-banner"))


def test_base_url_prefixes_every_link_and_asset(fixture_site, tmp_path):
    project = fixture_site("full")
    out = tmp_path / "sub"
    assert run_cli("build", project, "--base-url", "https://example.com/help/", "-o", out).exit_code == 0
    article = page(out, "/billing/refunds/")
    local = [h for h in links(article) if not h.startswith(("http", "mailto:", "#"))]
    assert local and all(h.startswith("/help/") for h in local), local
    assert article.select_one("link[rel=stylesheet]")["href"].startswith("/help/assets/style.")
    assert article.select_one(".prose img")["src"] == "/help/billing/img/refund-dialog.png"
    assert article.find("link", rel="canonical")["href"] == "https://example.com/help/billing/refunds/"


def test_assets_are_fingerprinted_and_no_request_leaves_the_site(built):
    for html in built.rglob("*.html"):
        doc = page(built, "/" + html.relative_to(built).as_posix())
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
            for node in doc.find_all(tag):
                value = node.get(attr, "")
                if tag == "link" and node.get("rel") == ["canonical"]:
                    continue
                assert not value.startswith(("http:", "https:", "//")), (html, value)
    css = list((built / "assets").glob("style.*.css"))
    assert len(css) == 1 and len(css[0].name.split(".")) == 3


def test_html_lang_dir_and_rtl(write_project):
    project = write_project({"kbgen.yaml": "site:\n  title: مركز المساعدة\n  language: ar\n", "content/a.md": "# مرحبا\n\nنص.\n"})
    assert run_cli("build", project).exit_code == 0
    home = page(project / "site", "/")
    assert home.html["lang"] == "ar" and home.html["dir"] == "rtl"
    english = write_project({"content/a.md": "# Hi\n"}, name="en")
    run_cli("build", english)
    assert page(english / "site", "/").html["dir"] == "ltr"


def test_theme_strings_follow_the_language(write_project):
    project = write_project({"kbgen.yaml": "site:\n  language: es\n", "content/a.md": "---\nupdated: 2026-03-05\n---\n# Hola\n\ntexto\n"})
    assert run_cli("build", project).exit_code == 0
    article = page(project / "site", "/a/")
    assert text(article.select_one(".meta")) == "Actualizado 5 de marzo de 2026"
    assert text(article.select_one(".breadcrumbs li")) == "Inicio"


def test_tags_differing_in_case_share_one_page(write_project):
    project = write_project({"kbgen.yaml": "site:\n  url: https://x.test/\n", "content/a.md": "---\ntags: [Refunds]\n---\n# A\n",
                             "content/b.md": "---\ntags: [refunds, refunds]\n---\n# B\n"})
    result = run_cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    tag = page(project / "site", "/tags/refunds/")
    assert text(tag.h1) == "Articles tagged “Refunds”"
    assert [text(a) for a in tag.select(".article-list a")] == ["A", "B"]
    assert [text(a) for a in page(project / "site", "/b/").select(".tag-list a")] == ["Refunds"]
