"""`kbgen feedback report`: the window and the one before, the "needs work first" order, trends, per
language, the JSON shape and the command's options. Searches, CSV, the terminal table and HTML have
files of their own (test_report_*.py)."""
from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from kbgen.feedback.report import build_report, wilson
from kbgen.feedback.store import Store
from kbgen.feedback.validate import Event
from tests.conftest import run_cli

DAY = 86400
START = 1_790_000_000  # 2026-09-21 14:13 UTC; one vote every six hours from there
SEPTEMBER = ("--since", "2026-09-01", "--until", "2026-09-30")


def at(day: str, seconds: int = 12 * 3600) -> int:
    """A unix time on a UTC day (noon unless told)."""
    return int(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc).timestamp()) + seconds


def vote(store, page, helpful, received, question=None, locale=None, reason=None, comment=None):
    store.add(Event("vote", page=page, question=question, helpful=helpful, locale=locale, reason=reason, comment=comment),
              received=received)


def report_json(*args):
    result = run_cli("feedback", "report", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


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
        vote(store, page, helpful, START + n * DAY // 4, question, reason=reason, comment=comment)
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
    data = report_json("--db", db, *SEPTEMBER)
    pages = data["pages"]
    assert [(p["page"], p["question"], p["yes"], p["no"]) for p in pages] == [
        ("billing/refunds", None, 2, 6), ("billing/faq", "can-i-pay", 1, 2), ("account/password", None, 20, 0)]
    assert pages[0]["helpful_rate"] == 0.25 and pages[0]["reasons"] == {"unclear": 6}
    assert pages[0]["comments"][0]["comment"] == "Confusing <script>alert(1)</script>"
    assert len(pages[0]["comments"]) == 5  # the latest only
    assert [c["date"] for c in pages[0]["comments"]] == ["2026-09-22"] * 4 + ["2026-09-21"]  # latest first
    assert (pages[0]["unhelpful_lower"], pages[0]["score"]) == (0.4093, 1.2974)
    assert data["searches_without_results"] == [{"query": "zeppelin", "count": 3, "clicks": 0},
                                                {"query": "invoice in klingon", "count": 1, "clicks": 0}]
    assert sum(w["votes"] for w in data["votes_per_week"]) == 31
    assert (data["since"], data["until"], data["days"]) == ("2026-09-01", "2026-09-30", 30)
    assert data["previous"] == {"since": "2026-08-02", "until": "2026-08-31"}


def test_the_json_keys():
    report = build_report(Store(":memory:"), dt.date(2026, 9, 1), until=dt.date(2026, 9, 30)).to_dict()
    assert list(report) == ["since", "until", "days", "previous", "language", "site_title", "totals", "languages", "pages",
                            "weeks", "votes_per_week", "searches", "searches_without_results", "searches_unopened",
                            "min_searches", "searches_per_week", "flows"]
    assert list(report["totals"]) == ["current", "previous", "change"]
    assert list(report["totals"]["current"]) == [
        "votes", "yes", "helpful_rate", "searches", "searches_without_results", "no_results_rate", "searches_opened",
        "opened_rate", "flow_visits", "flow_solved", "flow_not_solved", "flow_solved_rate"]
    assert report["weeks"] == ["2026-07-27", "2026-08-03", "2026-08-10", "2026-08-17", "2026-08-24",
                                                "2026-08-31", "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"]


def test_since_filters_by_day(db):
    data = report_json("--db", db, "--since", "2026-09-25", "--until", "2026-09-30")
    # vote 13 arrives 2026-09-24 20:13 UTC, vote 14 on 2026-09-25 02:13: votes 14..30 count, 17 of them
    assert sum(p["yes"] + p["no"] for p in data["pages"]) == 17
    assert data["totals"]["current"]["votes"] == 17
    # the six days before: 2026-09-19..24 hold votes 0..13 (14 of them) and the five searches
    assert data["previous"] == {"since": "2026-09-19", "until": "2026-09-24"}
    assert (data["totals"]["previous"]["votes"], data["totals"]["previous"]["searches"]) == (14, 5)
    assert data["totals"]["change"]["votes"] == 3 and data["totals"]["change"]["searches"] == -5


@pytest.fixture
def edges(tmp_path):
    """Votes, searches and troubleshooter visits on the very edges of a 10-day window and the one before."""
    path = tmp_path / "edges.sqlite"
    store = Store(path)
    moments = {"too early": at("2026-08-30", DAY - 1), "previous first": at("2026-08-31", 0),
               "previous last": at("2026-09-09", DAY - 1), "first": at("2026-09-10", 0), "last": at("2026-09-19", DAY - 1),
               "too late": at("2026-09-20", 0)}
    for name, moment in moments.items():
        helpful = name in ("first", "previous first")
        vote(store, "billing/refunds", helpful, moment, locale="en")
        store.add(Event("search", query=name, results=0 if "last" in name else 3), received=moment)
        store.add(Event("flow", flow="billing/card", steps=("a",), outcome="solved" if helpful else "not_solved",
                        locale="en"), received=moment)
    return path


def test_the_window_and_the_one_before_include_their_first_and_last_second(edges):
    data = report_json("--db", edges, "--since", "2026-09-10", "--until", "2026-09-19")
    assert data["previous"] == {"since": "2026-08-31", "until": "2026-09-09"}
    now, before, change = data["totals"]["current"], data["totals"]["previous"], data["totals"]["change"]
    assert (now["votes"], now["yes"], now["helpful_rate"]) == (2, 1, 0.5)
    assert (before["votes"], before["yes"], before["helpful_rate"]) == (2, 1, 0.5)
    assert (now["searches"], now["searches_without_results"], now["no_results_rate"]) == (2, 1, 0.5)
    assert (now["flow_visits"], now["flow_solved"], now["flow_not_solved"], now["flow_solved_rate"]) == (2, 1, 1, 0.5)
    assert (before["flow_visits"], before["flow_solved_rate"]) == (2, 0.5)
    assert change == {key: 0 if isinstance(now[key], int) else 0.0 for key in now}
    assert sorted(s["query"] for s in data["searches"]) == ["first", "last"]  # analytics: the window only
    assert [(p["yes"], p["no"], p["previous_yes"], p["previous_no"]) for p in data["pages"]] == [(1, 1, 1, 1)]
    assert [(f["flow"], f["visits"], f["previous_visits"], f["previous_solved_rate"]) for f in data["flows"]] == [
        ("billing/card", 2, 2, 0.5)]


def test_without_a_start_the_report_has_no_window_before(edges):
    report = build_report(Store(edges), until=dt.date(2026, 9, 19))
    assert report.since is None and report.previous is None and report.totals["previous"] is None
    assert report.totals["current"]["votes"] == 5  # everything up to the last day, "too late" excluded
    assert report.weeks[0] == "2026-08-24"  # the week of the first event


def test_needs_work_first_order(tmp_path):
    """score = wilson_lower(no, total) * log2(1 + total): clearly bad answers first, few votes not over-read,
    a busy but good answer last."""
    path = tmp_path / "order.sqlite"
    store = Store(path)
    answers = {"a/two-of-two": (2, 2), "a/thirty-of-hundred": (30, 100), "a/eight-of-ten": (8, 10),
               "a/busy-and-good": (10, 1000), "a/never-no": (0, 50), "a/one-of-one": (1, 1)}
    moment = at("2026-09-15")
    for page, (no, total) in answers.items():
        store.add_many([Event("vote", page=page, helpful=n >= no) for n in range(total)], received=moment)
    pages = report_json("--db", path, *SEPTEMBER)["pages"]
    assert [p["page"] for p in pages] == ["a/eight-of-ten", "a/thirty-of-hundred", "a/two-of-two", "a/one-of-one",
                                          "a/busy-and-good", "a/never-no"]
    for p in pages:
        no, total = answers[p["page"]]
        assert p["score"] == round(wilson(no, total)[0] * math.log2(1 + total), 4)
    assert [p["score"] for p in pages] == [1.6957, 1.4578, 0.5427, 0.2065, 0.0542, 0.0]
    # votes x lower bound ("readers failed, at least") would put the busy, 99% helpful answer before
    # the 2-of-2 and 1-of-1 ones: the logarithm does not
    assert pages[4]["unhelpful_lower"] * 1000 > pages[2]["unhelpful_lower"] * 2


def test_trend_points_per_week_over_both_windows(tmp_path):
    path = tmp_path / "trend.sqlite"
    store = Store(path)
    for day, helpful in (("2026-08-31", True), ("2026-09-06", False),  # the window before, its first week
                         ("2026-09-14", True), ("2026-09-15", True), ("2026-09-20", True),  # Mon, Tue, Sun
                         ("2026-09-21", False), ("2026-09-27", False),  # the last week, to Sunday
                         ("2026-09-28", True)):  # after --until
        vote(store, "billing/refunds", helpful, at(day))
    data = report_json("--db", path, "--since", "2026-09-14", "--until", "2026-09-27")
    assert data["weeks"] == ["2026-08-31", "2026-09-07", "2026-09-14", "2026-09-21"]
    (page,) = data["pages"]
    assert page["trend"] == [
        {"week": "2026-08-31", "yes": 1, "no": 1, "helpful_rate": 0.5},
        {"week": "2026-09-14", "yes": 3, "no": 0, "helpful_rate": 1.0},
        {"week": "2026-09-21", "yes": 0, "no": 2, "helpful_rate": 0.0}]
    assert (page["yes"], page["no"], page["previous_yes"], page["previous_no"], page["previous_helpful_rate"]) == (3, 2, 1, 1, 0.5)
    assert data["votes_per_week"] == [
        {"week": "2026-08-31", "votes": 2, "yes": 1, "helpful_rate": 0.5},
        {"week": "2026-09-14", "votes": 3, "yes": 3, "helpful_rate": 1.0},
        {"week": "2026-09-21", "votes": 2, "yes": 0, "helpful_rate": 0.0}]


def test_a_translation_is_an_answer_of_its_own_and_languages_are_summed_up(tmp_path):
    path = tmp_path / "languages.sqlite"
    store = Store(path)
    for locale, helpful in (("en", True), ("en", True), ("es", False), ("es", False), ("es", True)):
        vote(store, "billing/refunds", helpful, START, locale=locale)
    store.add(Event("search", query="reembolso tarjeta", results=0, locale="es"), received=START)
    store.add(Event("search", query="refund", results=4, locale="en"), received=START)
    store.add(Event("flow", flow="billing/card", steps=("a",), outcome="left", locale="es"), received=START)
    vote(store, "billing/refunds", False, START - 40 * DAY, locale="es")  # the window before: not per language
    data = report_json("--db", path, *SEPTEMBER)
    assert [(p["language"], p["yes"], p["no"]) for p in data["pages"]] == [("es", 1, 2), ("en", 2, 0)]
    assert data["languages"] == [
        {"language": "en", "votes": 2, "helpful_rate": 1.0, "searches": 1, "searches_without_results": 0, "flow_visits": 0},
        {"language": "es", "votes": 3, "helpful_rate": 0.3333, "searches": 1, "searches_without_results": 1, "flow_visits": 1}]
    spanish = report_json("--db", path, "--language", "es", *SEPTEMBER)
    assert [p["language"] for p in spanish["pages"]] == ["es"] and spanish["language"] == "es"
    assert spanish["totals"]["current"]["searches"] == 1 and spanish["totals"]["previous"]["votes"] == 1
    assert "es: billing/refunds" in run_cli("feedback", "report", "--db", path, *SEPTEMBER).stdout


def write_kb(root, items, site=None):
    folder = root / "site"
    folder.mkdir(exist_ok=True)
    (folder / "kb.json").write_text(json.dumps({"generator": "test", "site": site or {}, "items": items}), encoding="utf-8")
    return folder


def test_each_answer_names_its_page_source_and_owner_from_kb_json(db, tmp_path):
    site = write_kb(tmp_path, [
        {"id": "billing/refunds", "type": "article", "language": "en", "title": "Refunds",
         "url": "https://help.example.com/billing/refunds/", "source": "content/billing/refunds.md", "owner": "maria"},
        {"id": "billing/faq", "type": "faq", "language": "en", "title": "Billing FAQ",
         "url": "https://help.example.com/billing/faq/", "source": "content/billing/faq.md", "owner": "li"},
        {"id": "billing/faq#can-i-pay", "type": "question", "language": "en", "title": "Can I pay?",
         "url": "https://help.example.com/billing/faq/#can-i-pay"},
        {"id": "account/password", "type": "article", "language": "en", "title": "Password", "url": "javascript:alert(1)"}])
    pages = {p["page"]: p for p in report_json("--db", db, "--site", site, *SEPTEMBER)["pages"]}
    assert (pages["billing/refunds"]["title"], pages["billing/refunds"]["url"], pages["billing/refunds"]["source"],
            pages["billing/refunds"]["owner"]) == ("Refunds", "https://help.example.com/billing/refunds/",
                                                   "content/billing/refunds.md", "maria")
    faq = pages["billing/faq"]  # a question without its own source and owner: its FAQ file's
    assert (faq["title"], faq["url"], faq["source"], faq["owner"]) == (
        "Can I pay?", "https://help.example.com/billing/faq/#can-i-pay", "content/billing/faq.md", "li")
    assert pages["account/password"]["url"] is None and pages["account/password"]["source"] is None  # never a javascript: link


def test_default_window_is_the_30_days_ending_today(db):
    today = dt.datetime.now(dt.timezone.utc).date()
    data = report_json("--db", db)
    assert (data["since"], data["until"], data["days"]) == ((today - dt.timedelta(days=29)).isoformat(), today.isoformat(), 30)
    assert data["previous"]["until"] == (today - dt.timedelta(days=30)).isoformat()
    alone = report_json("--db", db, "--since", "2026-09-22")  # --since alone: from that day to today
    assert (alone["since"], alone["until"]) == ("2026-09-22", today.isoformat())
    assert alone["totals"]["current"]["votes"] == 31 - 2  # votes 0 and 1 arrived on 2026-09-21
    until = report_json("--db", db, "--until", "2026-09-22")  # --until alone: the 30 days ending then
    assert (until["since"], until["until"]) == ("2026-08-24", "2026-09-22")


@pytest.mark.parametrize("args, says", [
    (("--since", "2026-09-30", "--until", "2026-09-01"), "--since 2026-09-30 is after --until 2026-09-01"),
    (("--format", "json", "--table", "searches"), "--table searches goes with --format csv"),
])
def test_usage_errors_are_one_line_and_exit_2(db, args, says):
    result = run_cli("feedback", "report", "--db", db, *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr and result.stdout == ""


def test_the_window_must_not_start_after_it_ends():
    with pytest.raises(ValueError, match="starts"):
        build_report(Store(":memory:"), dt.date(2026, 9, 2), until=dt.date(2026, 9, 1))


def test_project_gives_each_answer_its_source_file_and_owner(db, write_project, tmp_path):
    """Owners are not published in kb.json: --project reads them (and the files) from the help center itself."""
    project = write_project({
        "content/billing/refunds.md": "---\ntitle: Refunds\nowner: maria@example.com\n---\nHow refunds work.\n",
        "content/billing/faq.md": "---\ntitle: Billing FAQ\ntype: faq\nowner: li@example.com\n---\n## Can I pay?\nYes.\n",
        "content/account/password.md": "# Password\n\nReset it.\n"})
    pages = {p["page"]: p for p in report_json("--db", db, "--project", project, *SEPTEMBER)["pages"]}
    assert (pages["billing/refunds"]["source"], pages["billing/refunds"]["owner"]) == ("content/billing/refunds.md",
                                                                                      "maria@example.com")
    assert (pages["billing/faq"]["source"], pages["billing/faq"]["owner"]) == ("content/billing/faq.md", "li@example.com")
    assert (pages["account/password"]["source"], pages["account/password"]["owner"]) == ("content/account/password.md", None)
    out = tmp_path / "report.html"
    run_cli("feedback", "report", "--db", db, "--project", project, "--format", "html", "-o", out, *SEPTEMBER)
    assert "source <code>content/billing/refunds.md</code> · owner maria@example.com" in out.read_text(encoding="utf-8")


def test_a_project_that_does_not_load_is_named_not_a_traceback(db, write_project):
    project = write_project({"kbgen.yaml": "site: [unclosed\n", "content/a.md": "# A\n"})
    result = run_cli("feedback", "report", "--db", db, "--project", project, *SEPTEMBER)
    assert result.exit_code in (1, 2) and "kbgen.yaml" in result.stderr and "Traceback" not in result.stderr
