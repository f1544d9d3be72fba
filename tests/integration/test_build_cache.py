"""A build that reuses parsed articles from its cache writes the same bytes as a cold build,
whatever changed in between: an edit, a rename, a deletion, the target of a link, the config,
the theme. And an unchanged file of the previous site is linked, not written again."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_article(project):
    path = project / "content" / "billing" / "refunds.md"
    path.write_text(path.read_text().replace("Get a refund", "Get your money back"))


def rename_article(project):
    (project / "content" / "billing" / "invoices.md").rename(project / "content" / "billing" / "bills.md")


def delete_article(project):
    (project / "content" / "account" / "password.md").unlink()


def change_link_target(project):
    """Another article's headings change: the anchors that link into it must be checked again."""
    path = project / "content" / "billing" / "invoices.md"
    path.write_text(path.read_text().replace("## ", "## Renamed "))


def change_config(project):
    path = project / "kbgen.yaml"
    path.write_text(path.read_text().replace("title: Acme Help", "title: Acme Support"))


def change_theme(project):
    (project / "theme" / "strings").mkdir(parents=True, exist_ok=True)
    (project / "theme" / "strings" / "en.yaml").write_text('callout_note: "Good to know"\nhome: Start\n')


def retitle_sibling(project):
    """Pages that list it (related articles, its category, the home page) change with it."""
    path = project / "content" / "billing" / "invoices.md"
    text = path.read_text()
    path.write_text(text.replace("title: ", "title: Renamed ", 1) if text.startswith("---") else "# Renamed invoices\n\n" + text)


def retitle_category(project):
    """Every page of the category shows its title in the breadcrumb."""
    path = project / "content" / "billing" / "_category.yaml"
    path.write_text(path.read_text().replace("title: Billing & plans", "title: Payments"))


def change_template(project):
    (project / "theme" / "templates").mkdir(parents=True, exist_ok=True)
    (project / "theme" / "templates" / "article.html").write_text(
        '{% extends "default/article.html" %}{% block content %}<p>Overridden</p>{{ super() }}{% endblock %}')


@pytest.mark.parametrize("change", [edit_article, rename_article, delete_article, change_link_target, change_config,
                                    change_theme, retitle_sibling, retitle_category, change_template])
def test_a_cached_build_writes_what_a_cold_build_writes(fixture_site, tmp_path, change):
    project = fixture_site("full")
    cache = tmp_path / "cache"
    assert run_cli("build", project, "--cache-dir", cache, "-o", tmp_path / "warm").exit_code == 0
    assert any(cache.rglob("parsed-*/*.json"))
    change(project)
    warm = run_cli("build", project, "--cache-dir", cache, "-o", tmp_path / "warm")
    cold = run_cli("build", project, "--no-cache", "-o", tmp_path / "cold")
    assert warm.exit_code == cold.exit_code == 0, warm.stderr + cold.stderr
    assert warm.stderr == cold.stderr
    assert digest(tmp_path / "warm") == digest(tmp_path / "cold")


def test_the_cache_folder_comes_from_the_environment_and_never_from_the_project(fixture_site, tmp_path, monkeypatch):
    project = fixture_site("full")
    monkeypatch.setenv("KBGEN_CACHE_DIR", str(tmp_path / "ci-cache"))
    assert run_cli("build", project, "-o", tmp_path / "out").exit_code == 0
    assert any((tmp_path / "ci-cache").rglob("parsed-*/*.json"))
    assert not [p for p in project.rglob("parsed-*")]


def test_a_broken_or_foreign_cache_file_is_dropped(fixture_site, tmp_path):
    project = fixture_site("full")
    cache = tmp_path / "cache"
    assert run_cli("build", project, "--cache-dir", cache, "-o", tmp_path / "first").exit_code == 0
    stored = sorted(cache.rglob("parsed-*/*.json"))[0]
    for junk in ("[[1, 2, 3]]", "{\"not\": \"a list\"}", "\u0000garbage", '[["__import__(\'os\')"]]'):
        stored.write_text(junk)
        again = tmp_path / "again"
        assert run_cli("build", project, "--cache-dir", cache, "-o", again).exit_code == 0
        assert digest(tmp_path / "first") == digest(again)


def test_unchanged_files_of_the_previous_site_are_linked(fixture_site, tmp_path):
    project = fixture_site("full")
    out = tmp_path / "site"
    assert run_cli("build", project, "-o", out).exit_code == 0
    before = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert run_cli("build", project, "-o", out).exit_code == 0  # nothing changed: nothing is written again
    assert {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()} == before
    edit_article(project)
    assert run_cli("build", project, "-o", out).exit_code == 0
    refunds = out / "billing" / "refunds" / "index.html"
    assert refunds.stat().st_ino != before[refunds] and b"Get your money back" in refunds.read_bytes()
    logo = next(p for p in before if p.suffix == ".css")
    assert logo.stat().st_ino == before[logo]  # an unchanged asset is linked
    assert all(os.stat(p).st_nlink == 1 for p in out.rglob("*") if p.is_file())  # the old site is gone


def test_parse_workers_write_the_cache_entries_and_the_next_build_reads_them(fixture_site, tmp_path, monkeypatch):
    """On a large site the parse workers write their entries themselves: the main process writes
    none after the build, the next build parses nothing, and its bytes are a cold build's."""
    import kbgen.content.disk_cache as disk_cache
    import kbgen.site

    monkeypatch.setattr(kbgen.site, "PARALLEL_THRESHOLD", 1)  # the worker pool, as at 200 articles and more
    written_here = []
    original = disk_cache.write_entry
    main_pid = os.getpid()

    def counting(*args, **kwargs):
        if os.getpid() == main_pid:
            written_here.append(args[3].path)
        return original(*args, **kwargs)

    monkeypatch.setattr(disk_cache, "write_entry", counting)
    project = fixture_site("full")
    cache = tmp_path / "cache"
    assert run_cli("build", project, "--cache-dir", cache, "-o", tmp_path / "warm").exit_code == 0
    sources = [p for p in (project / "content").rglob("*.md") if not p.name.startswith("_")]
    assert len(sources) > 3 and len(list(cache.rglob("parsed-*/*.json"))) == len(sources)
    assert written_here == []  # every entry came from a worker
    assert not list(cache.rglob("parsed-*/.*.tmp"))

    cold = run_cli("build", project, "--no-cache", "-o", tmp_path / "cold")
    parsed_again = []
    monkeypatch.setattr(kbgen.site, "parse_article_file", lambda *a: parsed_again.append(a) or None)
    monkeypatch.setattr(disk_cache, "parse_and_keep", lambda *a: parsed_again.append(a) or None)
    warm = run_cli("build", project, "--cache-dir", cache, "-o", tmp_path / "warm")
    assert warm.exit_code == cold.exit_code == 0 and parsed_again == []
    assert digest(tmp_path / "warm") == digest(tmp_path / "cold")


def test_an_edit_changes_the_page_it_touches_and_not_every_page(fixture_site, tmp_path):
    """A paragraph added to one article changes that page, kb.json and the search index, and no
    other page: a deploy after one edit uploads a handful of files, not the whole site."""
    project = fixture_site("full")
    assert run_cli("build", project, "-o", tmp_path / "before").exit_code == 0
    path = project / "content" / "billing" / "refunds.md"
    path.write_text(path.read_text() + "\nA paragraph about chargebacks, added later.\n")
    assert run_cli("build", project, "-o", tmp_path / "after").exit_code == 0
    before, after = digest(tmp_path / "before"), digest(tmp_path / "after")
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p) and not p.startswith("search/")}
    assert changed == {"billing/refunds/index.html", "kb.json"}
    assert before["search/quick-meta.json"] and "search/full-meta.json" in after


@pytest.mark.parametrize("parallel", [False, True])
def test_a_rebuild_renders_only_the_article_pages_whose_inputs_changed(fixture_site, tmp_path, monkeypatch, parallel):
    """The page memo (kbgen/page_memo.py): unchanged article pages are the previous site's files,
    linked; a page whose file was edited in the output folder by hand is rendered again."""
    from kbgen.build import BuildOptions, build
    from kbgen.errors import Reporter
    import kbgen.render as render

    if parallel:  # forked render workers, as at 400 pages and more
        monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 1)
    project, out = fixture_site("full"), tmp_path / "site"
    options = BuildOptions(out_dir=out, cache=True, cache_dir=tmp_path / "cache")
    build(project, options, Reporter())
    first = {p: p.stat().st_ino for p in out.rglob("*.html")}
    refunds = out / "billing" / "refunds" / "index.html"
    edit_article(project)
    tampered = out / "account" / "password" / "index.html"
    tampered.write_text(tampered.read_text().replace("</body>", "<p>edited by hand</p></body>"))
    built = build(project, options, Reporter())
    memo = __import__("kbgen.page_memo", fromlist=["load"]).load(
        next((tmp_path / "cache").rglob("pages-*.json")), out)
    assert len(memo.written) == sum(len(site.articles) for site in built.sites) > 5
    assert refunds.stat().st_ino != first[refunds] and "Get your money back" in refunds.read_text()
    assert "edited by hand" not in tampered.read_text()
    kept = [p for p in first if p.stat().st_ino == first[p]]
    assert len(kept) >= len(memo.written) - 3  # every other article page is the previous file
    cold = tmp_path / "cold"
    build(project, BuildOptions(out_dir=cold), Reporter())
    assert digest(out) == digest(cold)
