"""A save of article bodies under `kbgen serve` is applied to the last site (site_patch.py) instead
of loading the project again; whichever way a save goes, what the server then shows must be
exactly what a fresh load of the same files shows: every page, search and SEO file, diagnostic."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbgen.search import build_unhashed
from kbgen.server.live import LiveSite

REPO = Path(__file__).resolve().parents[2]
INVOICES = "content/invoices"


@pytest.fixture
def sample(tmp_path):
    """The repository's own help center, plus an article outside every category that one
    article links to (so a save can make it an orphan)."""
    project = tmp_path / "sample"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "kbgen.yaml", project / "kbgen.yaml")
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", project / "static")
    (project / "content" / "security-overview.md").write_text(
        "---\ntitle: How Harbor keeps your data safe\n---\n\nEncryption at rest and in transit.\n")
    reminders = project / INVOICES / "payment-reminders.md"
    reminders.write_text(reminders.read_text() + "\nSee also [how we keep data safe](../security-overview.md).\n")
    return project


def assert_same_as_a_fresh_load(project: Path, live: LiveSite, result) -> None:
    fresh = LiveSite(project)
    full = fresh.reload()
    assert result.ok == full.ok
    assert result.diagnostics == full.diagnostics
    if not full.ok:
        return
    mine, theirs = live.snapshot, fresh.snapshot
    assert mine.pages.keys() == theirs.pages.keys()
    for output_path in theirs.pages:
        assert mine.render(output_path) == theirs.render(output_path), output_path
    assert mine.files == theirs.files
    assert mine.seo_paths == theirs.seo_paths
    for output_path in theirs.seo_paths:
        assert mine.lookup(output_path) == theirs.lookup(output_path), output_path
    searched = build_unhashed(theirs.site)
    assert searched and all(mine.lookup(path) == data for path, data in searched.items())


def save(live: LiveSite, path: Path, text: str):
    path.write_text(text)
    return live.reload(saved=[str(path)])


@pytest.fixture
def live(sample):
    site = LiveSite(sample)
    assert site.reload().ok
    for output_path in site.snapshot.pages:  # every page rendered once: a patch must not keep a stale one
        site.snapshot.render(output_path)
    return site


def test_a_body_edit_is_patched_and_renders_only_its_page_again(sample, live):
    recurring = sample / INVOICES / "recurring-invoices.md"
    home = live.snapshot.render("index.html")
    result = save(live, recurring, recurring.read_text() + "\nA paragraph written just now.\n")
    assert result.ok and result.patched and result.parsed == 1
    assert live.snapshot._rendered.get("index.html") == home  # kept: nothing it shows changed
    assert b"A paragraph written just now." in live.snapshot.render("invoices/recurring-invoices/index.html")
    assert_same_as_a_fresh_load(sample, live, result)


def test_a_renamed_heading_breaks_the_anchor_another_article_links_to_and_mends_it_again(sample, live):
    recurring = sample / INVOICES / "recurring-invoices.md"
    original = recurring.read_text()
    result = save(live, recurring, original.replace("## Charge clients automatically", "## Charge clients on a schedule"))
    assert result.patched
    broken = [d for d in result.diagnostics if d.code == "broken-anchor" and d.path.name == "payment-reminders.md"]
    assert broken and "charge-clients-automatically" in broken[0].message
    assert_same_as_a_fresh_load(sample, live, result)
    result = save(live, recurring, original)
    assert result.patched and not [d for d in result.diagnostics if d.code == "broken-anchor" and d.path.name == "payment-reminders.md"]
    assert_same_as_a_fresh_load(sample, live, result)


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("title: Set up recurring invoices", "title: Recurring invoices, step by step"),
    lambda text: text.replace("title: Set up recurring invoices", "title: Automatic payment reminders"),  # a duplicate title
    lambda text: text.replace("---\n", "---\norder: 1\nfeatured: true\n", 1),
    lambda text: text.replace("description: Bill clients automatically", "description: Bill the same client"),
    lambda text: text.replace("---\n", "---\ndraft: true\n", 1),
    lambda text: text.replace("---\n", "---\nreviewed: 2020-01-01\nreview_every: 30\n", 1),
    lambda text: text + "\n[A page that is not there](no-such-article.md) and [safety](../security-overview.md#nothing).\n",
], ids=["title", "duplicate-title", "order-and-featured", "description", "draft", "overdue-review", "broken-links"])
def test_what_other_pages_show_of_an_article_is_patched_everywhere(sample, live, edit):
    recurring = sample / INVOICES / "recurring-invoices.md"
    result = save(live, recurring, edit(recurring.read_text()))
    assert result.ok and result.patched
    assert_same_as_a_fresh_load(sample, live, result)


def test_an_article_that_loses_its_only_link_becomes_an_orphan(sample, live):
    reminders = sample / INVOICES / "payment-reminders.md"
    result = save(live, reminders, reminders.read_text().replace("../security-overview.md", "../invoices/recurring-invoices.md"))
    assert result.patched and [d for d in result.diagnostics if d.code == "orphan"]
    assert_same_as_a_fresh_load(sample, live, result)


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("tags: [invoices, recurring]", "tags: [invoices, schedules]"),
    lambda text: text.replace("---\n", "---\nslug: repeat-invoices\n", 1),
    lambda text: text.replace("---\n", "---\naliases: [/old/recurring/]\n", 1),
    lambda text: text + "\n![The dashboard](../getting-started/img/dashboard-overview.png)\n",
    lambda text: text.replace("---\n", "---\ntype: faq\n", 1),
], ids=["tags", "slug", "aliases", "new-image", "type"])
def test_a_save_that_moves_addresses_or_files_loads_in_full(sample, live, edit):
    recurring = sample / INVOICES / "recurring-invoices.md"
    result = save(live, recurring, edit(recurring.read_text()))
    assert not result.patched
    assert_same_as_a_fresh_load(sample, live, result)


def test_a_broken_save_loads_in_full_and_the_fix_after_it_too(sample, live):
    recurring = sample / INVOICES / "recurring-invoices.md"
    original = recurring.read_text()
    result = save(live, recurring, original.replace("title: Set up", "title: [Set up"))
    assert not result.ok and not result.patched
    assert_same_as_a_fresh_load(sample, live, result)
    result = save(live, recurring, original + "\nFixed.\n")
    assert result.ok and not result.patched  # the failed load left nothing to patch
    result = save(live, recurring, original)
    assert result.ok and result.patched
    assert_same_as_a_fresh_load(sample, live, result)


def test_a_new_file_or_a_category_file_loads_in_full(sample, live):
    result = save(live, sample / INVOICES / "brand-new.md", "---\ntitle: Brand new\n---\n\nHello.\n")
    assert result.ok and not result.patched
    assert_same_as_a_fresh_load(sample, live, result)
    category = sample / INVOICES / "_category.yaml"
    result = save(live, category, category.read_text().replace("title:", "title: Bills and", 1))
    assert result.ok and not result.patched
    assert_same_as_a_fresh_load(sample, live, result)


FLOW = "content/troubleshooting/client-cant-pay.flow.yaml"


def test_a_saved_troubleshooter_loads_in_full(sample, live):
    flow = sample / FLOW
    result = save(live, flow, flow.read_text().replace("question: What status does the invoice show?",
                                                       "question: Which status does the invoice show?"))
    assert result.ok and not result.patched
    assert b"Which status does the invoice show?" in live.snapshot.render("troubleshooting/client-cant-pay/index.html")
    assert_same_as_a_fresh_load(sample, live, result)
    result = save(live, flow, flow.read_text().replace("next: finish-verification", "next: finish-verifcation"))
    assert not result.ok and [d.line for d in result.diagnostics if d.code == "flow-next"] == [28]
    assert_same_as_a_fresh_load(sample, live, result)


def test_a_heading_a_troubleshooter_links_to_renamed_in_a_patched_save(sample, live):
    setup = sample / "content" / "payments" / "set-up-harbor-payments.md"
    result = save(live, setup, setup.read_text().replace("## Verify your identity", "## Confirm who you are"))
    broken = [d for d in result.diagnostics if d.code == "broken-anchor" and d.path.name == "client-cant-pay.flow.yaml"]
    assert broken and "verify-your-identity" in broken[0].message
    assert_same_as_a_fresh_load(sample, live, result)
