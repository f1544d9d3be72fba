"""What `kbgen build` writes for search, and the traps the index format must avoid."""
from __future__ import annotations

import json
import socket

import pytest

from kbgen.search import index as search_index
from kbgen.search.tokenizer import Tokenizer
from tests.conftest import run_cli
from tests.htmlpage import page, reader_pages
from tests.search.nodejs import ASSETS, run_node, site_queries


def config_of(site):
    doc = page(site, "/")
    return json.loads(doc.find("script", id="kb-search-config").string)


def test_every_page_has_a_real_search_form(fixture_site):
    project = fixture_site("full")
    assert run_cli("build", project).exit_code == 0
    site = project / "site"
    for html, doc in reader_pages(site):
        form = doc.find("form", attrs={"role": "search"})
        assert form is not None, html
        assert form["action"] == "/search/" and form.find("input", attrs={"type": "search", "name": "q"})
        assert doc.find("label", attrs={"for": form.find("input")["id"]})


def test_search_files_are_hashed_and_the_page_knows_them(fixture_site):
    """The meta files pages name keep their names (an edit would otherwise change every page);
    every file they name carries a hash of its bytes."""
    project = fixture_site("full")
    run_cli("build", project)
    site = project / "site"
    config = config_of(site)
    assert (config["quickMeta"], config["fullMeta"]) == ("/search/quick-meta.json", "/search/full-meta.json")
    for role in ("quickMeta", "fullMeta"):
        assert (site / config[role].lstrip("/")).is_file()
    meta = json.loads((site / config["fullMeta"].lstrip("/")).read_text())
    quick = json.loads((site / config["quickMeta"].lstrip("/")).read_text())
    stores = [quick["storeUrl"].replace("{n}", str(n)) for n in range(quick["storeCount"])]
    for url in [url for _, url in meta["shards"] + quick["shards"]] + stores:  # the shards they name, hashed too
        path = site / url.lstrip("/")
        assert path.is_file() and len(path.name.split(".")) == 3
    assert not (site / quick["storeUrl"].replace("{n}", str(quick["storeCount"])).lstrip("/")).exists()
    assert config["scripts"][0].startswith("/assets/vendor/lunr/lunr.min.")  # lunr runs first
    assert (site / "assets/vendor/lunr").glob("LICENSE*")
    search_page = page(site, "/search/")
    assert search_page.find(id="search-results") is not None
    assert search_page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_entries_sections_questions_and_what_is_left_out(fixture_site, tmp_path):
    project = fixture_site("full")
    run_cli("build", project)
    site = project / "site"
    found = {r["q"]: r for r in site_queries(site, ["partial refunds", "pro rated charge", "passkeys", "lockouts", "money back"])}
    assert found["partial refunds"]["urls"][0] == "/billing/refunds/#partial-refunds"
    assert found["pro rated charge"]["urls"][0] == "/billing/faq/#whats-a-pro-rated-charge"
    assert found["money back"]["urls"][0] == "/billing/refunds/"  # keywords
    assert found["passkeys"]["urls"] == [] and found["lockouts"]["urls"] == []  # draft and internal stay out
    run_cli("build", project, "--drafts", "--internal", "-o", tmp_path / "internal")
    found = {r["q"]: r for r in site_queries(tmp_path / "internal", ["passkeys", "lockouts"])}
    assert found["passkeys"]["urls"][0] == "/account/new-feature/"
    assert found["lockouts"]["urls"][0] == "/account/escalation/"


def test_quick_stage_answers_titles_before_the_full_text_arrives(fixture_site):
    project = fixture_site("full")
    run_cli("build", project)
    [quick] = site_queries(project / "site", ["refund"], stage="quick")
    assert quick["urls"][0] == "/billing/refunds/"


ODD_TERMS = "x\ufe73 and x\U00010330"  # an Arabic tail fragment (BMP, above the surrogates) and a Gothic letter


def test_terms_outside_the_bmp_load_in_lunr_js(write_project):
    project = write_project({"content/a.md": f"# Odd letters\n\nWe write {ODD_TERMS} here.\n"})
    assert run_cli("build", project).exit_code == 0
    [result] = site_queries(project / "site", ["x\U00010330"])
    assert result["urls"] == ["/a/"]


def test_code_point_order_would_send_words_to_the_wrong_shard(monkeypatch):
    """The browser finds a word's shard by comparing strings as JavaScript does (by UTF-16 unit):
    the vocabulary must be cut in that order, not in Python's (by code point)."""
    monkeypatch.setattr(search_index, "SHARD_BYTES", 1)  # a shard per word
    counts = [[search_index.count_terms(Tokenizer("en")(ODD_TERMS)), {}, {}, {}, {}, {}]]

    def misplaced() -> list[str]:
        meta, shards = search_index.sharded(counts, ("title",), "en")
        return run_node("shard_lookup.js", ASSETS, payload={"meta": meta, "shards": [json.loads(s) for s in shards]})

    assert misplaced() == []
    monkeypatch.setattr(search_index, "utf16_sort_key", lambda term: term)
    assert misplaced()


def test_index_builds_without_network_or_nltk(fixture_site, monkeypatch):
    """lunr.py's languages= support fetches NLTK data at build time; kbgen never goes there."""
    import sys

    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    project = fixture_site("full")
    assert run_cli("build", project).exit_code == 0
    assert "nltk" not in sys.modules

