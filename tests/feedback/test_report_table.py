"""The terminal report: its sections, and no writer- or reader-supplied character that a terminal
would act on (escape sequences, C1 controls, line separators, bidi overrides) printed raw."""
from __future__ import annotations

import json
import re

import pytest

from kbgen.feedback.report_text import json_safe, visible
from kbgen.feedback.store import Store
from kbgen.feedback.validate import Event
from tests.conftest import run_cli
from tests.feedback.test_report import SEPTEMBER, at, write_kb

HOSTILE = "\x1b[2J\x1b]0;pwned\x07red\x9b31m\x7f\u2028next\u2029\u202ereversed\u202c\u2066iso\u2069\x00\x08"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # all but the newline


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "hostile.sqlite"
    store = Store(path)
    store.add(Event("vote", page="billing/\x1b[31mrefunds", helpful=False, reason="unclear", comment=HOSTILE, locale="en"),
              received=at("2026-09-10"))
    store.add(Event("search", query="zep\x1b[1mpelin\u202e", results=0, locale="en"), received=at("2026-09-10"))
    store.add(Event("flow", flow="billing/\u202ecard", steps=("st\x9bep",), outcome="left", locale="en"), received=at("2026-09-10"))
    return path


def test_visible_escapes_every_control_and_reordering_character():
    assert visible(HOSTILE) == ("\\x1b[2J\\x1b]0;pwned\\x07red\\x9b31m\\x7f\\u2028next\\u2029\\u202ereversed\\u202c"
                                "\\u2066iso\\u2069\\x00\\x08")
    assert visible("Café — 返金 مرحبا") == "Café — 返金 مرحبا"  # letters of any script stay as they are
    assert visible("a\nb\tc") == "a\\x0ab\\x09c"  # a newline or tab in a comment cannot break the table either


def test_the_table_prints_no_raw_control_character(db, tmp_path):
    site = write_kb(tmp_path, [{"id": "billing/\x1b[31mrefunds", "type": "article", "title": "Refunds\x1b[8m hidden",
                                "url": "/billing/refunds/"}])
    table = run_cli("feedback", "report", "--db", db, "--site", site, *SEPTEMBER).stdout
    assert RAW.search(table) is None
    assert "latest comment (2026-09-10): \\x1b[2J\\x1b]0;pwned\\x07red\\x9b31m" in table
    assert "billing/\\x1b[31mrefunds" in table and "zep\\x1b[1mpelin\\u202e" in table
    assert "billing/\\u202ecard" in table and "st\\x9bep" in table


def test_the_table_sections(tmp_path):
    path = tmp_path / "sections.sqlite"
    store = Store(path)
    for helpful in (False, False, True):
        store.add(Event("vote", page="billing/refunds", helpful=helpful, reason=None if helpful else "unclear"),
                  received=at("2026-09-10"))
    store.add(Event("vote", page="billing/refunds", helpful=True), received=at("2026-08-10"))
    table = run_cli("feedback", "report", "--db", path, *SEPTEMBER).stdout.splitlines()
    assert table[0] == "Feedback report 2026-09-01 to 2026-09-30 (30 days), compared with 2026-08-02 to 2026-08-31"
    assert table[3].split() == ["votes", "3", "1", "+2"]
    assert table[4].split() == ["helpful", "rate", "33%", "100%", "-66.7", "pts"]
    answer = next(line for line in table if line.strip().startswith("billing/refunds"))
    assert answer.split() == ["billing/refunds", "1", "2", "33%", "21%", "0.42", "100%", "unclear", "2"]


def test_json_escapes_what_a_terminal_would_act_on_and_parses_to_the_same(db):
    out = run_cli("feedback", "report", "--db", db, "--format", "json", *SEPTEMBER).stdout
    assert RAW.search(out) is None  # JSON escapes C0 itself; the rest is escaped as \uXXXX
    assert json.loads(out)["pages"][0]["comments"][0]["comment"] == HOSTILE
    assert json.loads(json_safe(json.dumps({"a": "\u2028\x9b"}, ensure_ascii=False))) == {"a": "\u2028\x9b"}
