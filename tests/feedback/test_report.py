"""`kbgen feedback report`: counts, Wilson bounds, worst first, every format, escaping."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kbgen.feedback.report import wilson
from kbgen.feedback.store import Store
from kbgen.feedback.validate import Event
from tests.conftest import run_cli

DAY = 86400
START = 1_790_000_000  # 2026-09-21 14:13 UTC; one vote every six hours from there


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "feedback.sqlite"
    store = Store(path)
    votes = [("billing/refunds", None, False, "unclear", "Confusing <script>alert(1)</script>")] * 6 + \
            [("billing/refunds", None, True, None, None)] * 2 + \
            [("billing/faq", "can-i-pay", False, "outdated", None)] * 2 + \
            [("billing/faq", "can-i-pay", True, None, None)] * 1 + \
            [("account/password", None, True, None, None)] * 20
    for n, (page, question, helpful, reason, comment) in enumerate(votes):
        store.add(Event("vote", page=page, question=question, helpful=helpful, reason=reason, comment=comment),
                  received=START + n * DAY // 4)
    for query, times in (("zeppelin", 3), ("invoice in klingon", 1)):
        for _ in range(times):
            store.add(Event("search", query=query, results=0), received=START)
    store.add(Event("search", query="refund", results=5), received=START)
    return path


def test_wilson_interval():
    low, high = wilson(3, 3)  # three yes votes: helpful, but only "at least 44%" with 95% confidence
    assert abs(low - 0.4385) < 0.0005 and high == 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_json_report(db):
    result = run_cli("feedback", "report", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    pages = data["pages"]
    assert [(p["page"], p["question"], p["yes"], p["no"]) for p in pages] == [
        ("billing/refunds", None, 2, 6), ("billing/faq", "can-i-pay", 1, 2), ("account/password", None, 20, 0)]
    assert pages[0]["helpful_rate"] == 0.25 and pages[0]["reasons"] == {"unclear": 6}
    assert pages[0]["comments"][0]["comment"] == "Confusing <script>alert(1)</script>"
    assert len(pages[0]["comments"]) == 5  # the latest only
    assert data["searches_without_results"] == [{"query": "zeppelin", "count": 3}, {"query": "invoice in klingon", "count": 1}]
    assert sum(w["votes"] for w in data["votes_per_week"]) == 31


def test_since_filters_by_day(db):
    data = json.loads(run_cli("feedback", "report", "--db", db, "--format", "json", "--since", "2026-09-25").stdout)
    # vote 13 arrives 2026-09-24 20:13 UTC, vote 14 on 2026-09-25 02:13: votes 14..30 count, 17 of them
    assert sum(p["yes"] + p["no"] for p in data["pages"]) == 17


def test_html_report_is_self_contained_and_escaped(db, tmp_path):
    out = tmp_path / "report.html"
    result = run_cli("feedback", "report", "--db", db, "--format", "html", "-o", out)
    assert result.exit_code == 0
    page = out.read_text()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<svg") == 2 and "http" not in page.replace("http-equiv", "")


def test_table_and_csv(db):
    table = run_cli("feedback", "report", "--db", db).stdout
    assert table.splitlines()[1].startswith("billing/refunds")
    rows = list(csv.reader(io.StringIO(run_cli("feedback", "report", "--db", db, "--format", "csv").stdout)))
    assert rows[0][:6] == ["page", "question", "language", "title", "yes", "no"] and rows[1][:6] == ["billing/refunds", "", "", "", "2", "6"]


def test_a_translation_is_an_answer_of_its_own_and_languages_are_summed_up(tmp_path):
    path = tmp_path / "languages.sqlite"
    store = Store(path)
    for locale, helpful in (("en", True), ("en", True), ("es", False), ("es", False), ("es", True)):
        store.add(Event("vote", page="billing/refunds", helpful=helpful, locale=locale), received=START)
    store.add(Event("search", query="reembolso tarjeta", results=0, locale="es"), received=START)
    data = json.loads(run_cli("feedback", "report", "--db", path, "--format", "json").stdout)
    assert [(p["language"], p["yes"], p["no"]) for p in data["pages"]] == [("es", 1, 2), ("en", 2, 0)]
    assert data["languages"] == [
        {"language": "en", "votes": 2, "helpful_rate": 1.0, "searches": 0, "searches_without_results": 0},
        {"language": "es", "votes": 3, "helpful_rate": 0.3333, "searches": 1, "searches_without_results": 1}]
    spanish = json.loads(run_cli("feedback", "report", "--db", path, "--format", "json", "--language", "es").stdout)
    assert [p["language"] for p in spanish["pages"]] == ["es"]
    assert "es: billing/refunds" in run_cli("feedback", "report", "--db", path).stdout
