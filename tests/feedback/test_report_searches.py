"""The report's search analytics: top searches (count, results, clicks, where they led), searches
without results, searches whose results nobody opened."""
from __future__ import annotations

import json

import pytest

from kbgen.feedback.store import Store
from kbgen.feedback.validate import Event
from tests.conftest import run_cli
from tests.feedback.test_report import SEPTEMBER, at, report_json, write_kb

# (query as typed, results, clicked) -> times, all in September but the last one
SEARCHES = [
    (("refund", 5, "/billing/refunds/"), 3), (("Refund", 5, None), 1), (("refund ", 6, "/billing/faq/#can-i-pay"), 1),
    (("zeppelin", 0, None), 3),
    (("invoice pdf", 2, None), 4),
    (("tax", 7, None), 2),
    (("export", 1, "/account/export/"), 1), (("export", 1, None), 2),
    (("Typo Invoic", 0, None), 1), (("typo invoic", 3, "/billing/refunds/#step-2"), 1),  # found, after typo tolerance
]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "searches.sqlite"
    store = Store(path)
    minute = 0
    for (query, results, clicked), times in SEARCHES:
        for _ in range(times):
            minute += 1  # in the order listed: the latest search of a query is its last line
            store.add(Event("search", query=query, results=results, clicked=clicked, locale="en"),
                      received=at("2026-09-15", minute * 60))
    store.add(Event("search", query="zeppelin", results=0, locale="en"), received=at("2026-08-15"))  # the window before
    return path


@pytest.fixture
def site(tmp_path):
    return write_kb(tmp_path, [
        {"id": "billing/refunds", "type": "article", "title": "Refunds <fast>", "url": "https://help.example.com/billing/refunds/"},
        {"id": "billing/faq#can-i-pay", "type": "question", "title": "Can I pay?",
         "url": "https://help.example.com/billing/faq/#can-i-pay"}])


def test_top_searches_count_results_clicks_and_where_they_led(db, site):
    data = report_json("--db", db, "--site", site, *SEPTEMBER)
    assert [(s["query"], s["count"], s["results"], s["clicks"]) for s in data["searches"]] == [
        ("refund", 5, 6, 4),          # "Refund" and "refund " are the same query; the latest found 6
        ("invoice pdf", 4, 2, 0),
        ("export", 3, 1, 1),
        ("zeppelin", 3, 0, 0),        # the window before's search is not counted
        ("tax", 2, 7, 0),
        ("Typo Invoic", 2, 3, 1)]     # typed "Typo Invoic" and "typo invoic" once each: a tie, code-point order
    refund = data["searches"][0]
    assert (refund["top_clicked"], refund["top_clicked_count"], refund["top_clicked_title"], refund["top_clicked_url"]) == (
        "/billing/refunds/", 3, "Refunds <fast>", "https://help.example.com/billing/refunds/")
    export = data["searches"][2]
    assert (export["top_clicked"], export["top_clicked_count"], export["top_clicked_title"]) == ("/account/export/", 1, None)
    typo = data["searches"][5]  # an article's section: its page's title
    assert (typo["top_clicked"], typo["top_clicked_title"]) == ("/billing/refunds/#step-2", "Refunds <fast>")
    assert data["searches"][1]["top_clicked"] is None and data["searches"][1]["top_clicked_count"] == 0


def test_searches_without_results(db):
    data = report_json("--db", db, *SEPTEMBER)
    assert data["searches_without_results"] == [{"query": "zeppelin", "count": 3, "clicks": 0},
                                                {"query": "Typo Invoic", "count": 1, "clicks": 0}]
    now, before = data["totals"]["current"], data["totals"]["previous"]
    assert (now["searches"], now["searches_without_results"], now["no_results_rate"]) == (19, 4, 0.2105)
    assert (now["searches_opened"], now["opened_rate"]) == (6, 0.3158)
    assert (before["searches"], before["searches_without_results"]) == (1, 1)


def test_searches_whose_results_nobody_opened(db):
    data = report_json("--db", db, *SEPTEMBER)
    assert data["min_searches"] == 3
    # at least 3 searches with results and not one opened: "tax" has two, "export" one click
    assert data["searches_unopened"] == [{"query": "invoice pdf", "count": 4, "results": 2, "clicks": 0}]
    two = report_json("--db", db, "--min-searches", "2", *SEPTEMBER)
    assert [(s["query"], s["count"], s["results"]) for s in two["searches_unopened"]] == [("invoice pdf", 4, 2), ("tax", 2, 7)]


def test_the_search_tables_in_the_terminal(db, site):
    table = run_cli("feedback", "report", "--db", db, "--site", site, *SEPTEMBER).stdout
    top = table[table.index("top searches:"):table.index("searches without results:")].splitlines()
    assert top[2].split() == ["5", "6", "4", "refund", "->", "Refunds", "<fast>", "(3)"]
    assert top[3].split() == ["4", "2", "0", "invoice", "pdf"]
    vain = table[table.index("searches without results:"):].splitlines()
    assert vain[1].split() == ["3", "zeppelin"] and vain[2].split() == ["1", "Typo", "Invoic"]
    unopened = table[table.index("searches with results nobody opened (at least 3 searches):"):].splitlines()
    assert unopened[1].split() == ["4", "invoice", "pdf", "(2", "results)"] and unopened[2] == ""


def test_the_search_tables_in_html(db, site, tmp_path):
    out = tmp_path / "report.html"
    assert run_cli("feedback", "report", "--db", db, "--site", site, "--format", "html", "-o", out, *SEPTEMBER).exit_code == 0
    page = out.read_text(encoding="utf-8")
    top = page[page.index('id="top-searches"'):page.index('id="no-results"')]
    assert top.count("<tr>") == 1 + 6
    assert ('<tr><td><bdi>refund</bdi></td><td class="n">5</td><td class="n">6</td><td class="n">4 (80%)</td>'
            '<td><a href="https://help.example.com/billing/refunds/">Refunds &lt;fast&gt;</a>') in top
    vain = page[page.index('id="no-results"'):page.index('id="unopened"')]
    assert vain.count("<tr>") == 1 + 2 and '<td><bdi>zeppelin</bdi></td><td class="n">3</td>' in vain
    unopened = page[page.index('id="unopened"'):page.index('id="troubleshooters"')]
    assert unopened.count("<tr>") == 1 + 1 and "<bdi>invoice pdf</bdi>" in unopened


def test_each_search_row_in_json_has_query_count_and_clicks(db):
    data = json.loads(run_cli("feedback", "report", "--db", db, "--format", "json", *SEPTEMBER).stdout)
    for key in ("searches", "searches_without_results", "searches_unopened"):
        assert data[key] and all({"query", "count", "clicks"} <= set(row) for row in data[key]), key
