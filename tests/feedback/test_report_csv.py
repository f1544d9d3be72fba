"""The CSV report: one table per file (or one on stdout), each parseable on its own, and no cell a
spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io

import pytest

from kbgen.feedback.report_csv import TABLES
from kbgen.feedback.report_text import csv_cell
from kbgen.feedback.store import Store
from kbgen.feedback.validate import Event
from tests.conftest import run_cli
from tests.feedback.test_report import SEPTEMBER, at, write_kb

FORMULAS = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", "\tTAB", "\rCR"]
NAMES = ["answers", "trends", "totals", "searches", "no-results", "unopened", "languages", "flows"]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "csv.sqlite"
    store = Store(path)
    for n, text in enumerate(FORMULAS):
        store.add(Event("vote", page="billing/refunds", helpful=False, reason="unclear", comment=text, locale="en"),
                  received=at("2026-09-10", n))
        for _ in range(3):
            store.add(Event("search", query=text, results=0 if n % 2 else 4, locale="en"), received=at("2026-09-10", n))
    store.add(Event("vote", page="=cmd|' /C calc'!A0", helpful=True, locale="en"), received=at("2026-09-11"))
    store.add(Event("vote", page="billing/refunds", helpful=True, locale="en"), received=at("2026-08-20"))  # before
    store.add(Event("flow", flow="billing/card", steps=("start", "@step"), outcome="left", locale="en"), received=at("2026-09-12"))
    return path


@pytest.fixture
def site(tmp_path):
    return write_kb(tmp_path, [{"id": "billing/refunds", "type": "article", "title": "=1+1 refunds", "url": "/billing/refunds/",
                                "owner": "+owner"}])


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_o_writes_one_file_per_table_and_prints_their_names(db, site, tmp_path):
    result = run_cli("feedback", "report", "--db", db, "--site", site, "--format", "csv", "-o", tmp_path / "report.csv",
                     *SEPTEMBER)
    assert result.exit_code == 0, result.stderr
    paths = [tmp_path / f"report-{name}.csv" for name in NAMES]
    assert result.stdout.splitlines() == [str(p) for p in paths] + ["Wrote 8 CSV tables of the report 2026-09-01 to 2026-09-30"]
    assert not (tmp_path / "report.csv").exists()
    tables = {name: read(path) for name, path in zip(NAMES, paths)}
    for name, rows in tables.items():
        assert rows[0] == TABLES[name][0], name  # one header, first, and every row as wide as it
        assert all(len(row) == len(rows[0]) for row in rows), name
    answers = tables["answers"]
    assert [(r[0], r[4], r[5], r[10], r[11]) for r in answers[1:]] == [
        ("billing/refunds", "0", "6", "1", "0"), ("'=cmd|' /C calc'!A0", "1", "0", "0", "0")]
    # a query's spacing is folded (a leading tab or CR goes with it); the rest keeps its quote
    assert [r[0] for r in tables["searches"][1:]] == ["'+1", "'-2+3", "'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "CR", "TAB"]
    assert [r[:4] for r in tables["totals"][1:3]] == [["votes", "7", "1", "6"], ["yes", "1", "1", "0"]]
    assert tables["flows"][1:] == [["billing/card", "", "start", "1", "0", "0.0", "", "", "", "", "", "", ""],
                                   ["billing/card", "", "'@step", "1", "1", "1.0", "", "", "", "", "", "", ""]]
    assert tables["languages"][1:] == [["en", "7", "0.1429", "18", "9", "1"]]
    assert [r[3] for r in tables["trends"][1:]] == ["2026-08-17", "2026-09-07", "2026-09-07"]


def test_every_formula_cell_is_neutralised(db, site, tmp_path):
    run_cli("feedback", "report", "--db", db, "--site", site, "--format", "csv", "-o", tmp_path, *SEPTEMBER)
    cells = [cell for name in NAMES for row in read(tmp_path / f"report-{name}.csv")[1:] for cell in row]
    risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c))]
    assert risky == []
    answers = read(tmp_path / "report-answers.csv")
    assert answers[1][3] == "'=1+1 refunds" and answers[1][15] == "'+owner"
    assert answers[1][17] == "'\rCR"  # the latest comment, its carriage return kept inside the quoted cell
    queries = {row[0] for row in read(tmp_path / "report-no-results.csv")[1:]}
    assert queries == {"'+1", "'-2+3", "CR"}
    unopened = {row[0] for row in read(tmp_path / "report-unopened.csv")[1:]}
    assert unopened == {"'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "TAB"}


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_numbers_stay_numbers():
    assert csv_cell(-3) == -3 and csv_cell(-0.25) == -0.25 and csv_cell(None) == "" and csv_cell("-x") == "'-x"
    assert [csv_cell(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert csv_cell("a=b") == "a=b" and csv_cell(" =1") == " =1"  # only the first character makes a formula


def test_stdout_prints_one_table(db, site):
    default = run_cli("feedback", "report", "--db", db, "--site", site, "--format", "csv", *SEPTEMBER)
    rows = list(csv.reader(io.StringIO(default.stdout)))
    assert rows[0] == TABLES["answers"][0] and len(rows) == 3
    searches = list(csv.reader(io.StringIO(run_cli("feedback", "report", "--db", db, "--format", "csv", "--table", "searches",
                                                   *SEPTEMBER).stdout)))
    assert searches[0] == ["query", "count", "results", "clicks", "top_clicked", "top_clicked_count", "top_clicked_title"]
    assert len(searches) == 1 + len(FORMULAS) and all(row[1] == "3" for row in searches[1:])


def test_o_with_table_writes_only_that_table(db, tmp_path):
    result = run_cli("feedback", "report", "--db", db, "--format", "csv", "--table", "no-results", "-o", tmp_path / "monday",
                     *SEPTEMBER)
    assert result.stdout.splitlines()[0] == str(tmp_path / "monday-no-results.csv")
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["monday-no-results.csv"]


def test_o_in_a_missing_folder_is_a_one_line_usage_error(db, tmp_path):
    result = run_cli("feedback", "report", "--db", db, "--format", "csv", "-o", tmp_path / "nowhere" / "report.csv")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "does not exist" in result.stderr


def test_the_command_offers_every_table():
    from kbgen.cli import feedback_report

    option = next(p for p in feedback_report.params if p.name == "table")
    assert list(option.type.choices) == list(TABLES) == NAMES
