"""The report as CSV, one table per file: `-o report.csv` writes report-answers.csv,
report-trends.csv, ... (`-o FOLDER`: FOLDER/report-answers.csv, ...); on stdout, one table.
Every text cell that a spreadsheet would run as a formula is neutralised (`report_text.csv_cell`)."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable, Iterable

from .report_model import Report
from .report_text import csv_cell

TOTALS = ("votes", "yes", "helpful_rate", "searches", "searches_without_results", "no_results_rate",
          "searches_opened", "opened_rate", "flow_visits", "flow_solved", "flow_not_solved", "flow_solved_rate")


def _answers(report: Report) -> Iterable[list]:
    for e in report.pages:
        yield [e.page, e.question, e.language, e.title, e.yes, e.no, e.helpful_rate, e.wilson_lower, e.unhelpful_lower,
               e.score, e.previous_yes, e.previous_no, e.previous_helpful_rate, e.url, e.source, e.owner,
               "; ".join(f"{r}={n}" for r, n in e.reasons.items()), e.comments[0]["comment"] if e.comments else None]


def _trends(report: Report) -> Iterable[list]:
    for e in report.pages:
        for point in e.trend:
            yield [e.page, e.question, e.language, point["week"], point["yes"], point["no"], point["helpful_rate"]]


def _totals(report: Report) -> Iterable[list]:
    now, before, change = report.totals["current"], report.totals["previous"] or {}, report.totals["change"] or {}
    for key in TOTALS:
        yield [key, now[key], before.get(key), change.get(key)]


def _flows(report: Report) -> Iterable[list]:
    for f in report.flows:
        for st in f.steps:
            yield [f.flow, f.title, st.step, st.reached, st.left_here, st.drop_off_rate, st.solved, st.not_solved,
                   st.solved_rate, st.wilson_lower, st.wilson_upper, st.kind, st.label]


def _rows(key: str, *columns: str) -> Callable[[Report], Iterable[list]]:
    return lambda report: ([row[c] for c in columns] for row in getattr(report, key))


# name -> (header, rows); the order is the order of the files
TABLES: dict[str, tuple[list[str], Callable[[Report], Iterable[list]]]] = {
    "answers": (["page", "question", "language", "title", "yes", "no", "helpful_rate", "wilson_lower", "unhelpful_lower",
                 "score", "previous_yes", "previous_no", "previous_helpful_rate", "url", "source", "owner", "reasons",
                 "latest_comment"], _answers),
    "trends": (["page", "question", "language", "week", "yes", "no", "helpful_rate"], _trends),
    "totals": (["measure", "current", "previous", "change"], _totals),
    "searches": (["query", "count", "results", "clicks", "top_clicked", "top_clicked_count", "top_clicked_title"],
                 _rows("searches", "query", "count", "results", "clicks", "top_clicked", "top_clicked_count",
                       "top_clicked_title")),
    "no-results": (["query", "count", "clicks"], _rows("searches_without_results", "query", "count", "clicks")),
    "unopened": (["query", "count", "results", "clicks"], _rows("searches_unopened", "query", "count", "results", "clicks")),
    "languages": (["language", "votes", "helpful_rate", "searches", "searches_without_results", "flow_visits"],
                  _rows("languages", "language", "votes", "helpful_rate", "searches", "searches_without_results",
                        "flow_visits")),
    "flows": (["flow", "flow_title", "step", "reached", "left_here", "drop_off_rate", "solved", "not_solved",
               "solved_rate", "wilson_lower", "wilson_upper", "kind", "label"], _flows),
}


def as_csv(report: Report, table: str = "answers") -> str:
    out = io.StringIO()
    _write(out, report, table)
    return out.getvalue()


def _write(out, report: Report, table: str) -> None:
    header, rows = TABLES[table]
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; and a cell holding a lone \r gets quoted
    writer.writerow(header)
    for row in rows(report):
        writer.writerow([csv_cell(cell) for cell in row])


def csv_paths(output: Path, tables: Iterable[str]) -> dict[str, Path]:
    """Where each table goes: FILE.csv -> FILE-<table>.csv beside it; an existing folder -> in it, as report-<table>.csv."""
    if output.is_dir():
        base = output / "report"
    elif output.suffix.lower() == ".csv":
        base = output.with_suffix("")
    else:
        base = output
    return {name: base.with_name(f"{base.name}-{name}.csv") for name in tables}


def write_csv(report: Report, output: Path, only: str | None = None) -> list[Path]:
    """Write every table (or `only` that one) next to `output`; the paths written, in table order."""
    written = []
    for name, path in csv_paths(output, [only] if only else TABLES).items():
        with path.open("w", encoding="utf-8", newline="") as out:
            _write(out, report, name)
        written.append(path)
    return written
