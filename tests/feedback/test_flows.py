"""Troubleshooter (flow) visits: the event contract, validation against a site's kb.json, the v1 -> v2
schema migration, and the per-flow sections of the report in every format."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.feedback import create_app, known_flows, known_pages
from kbgen.feedback.app import FeedbackApp
from kbgen.feedback.report import build_report, flow_steps_from_site
from kbgen.feedback.store import SCHEMA_VERSION, Store
from kbgen.feedback.validate import Event
from tests.conftest import run_cli

FLOW = "backups/backup-wont-start"
VISIT = {"type": "flow", "flow": FLOW, "steps": ["app-running", "signed-in", "reset"], "outcome": "solved", "locale": "en"}
START = 1_790_000_000  # 2026-09-21 14:13 UTC
DAY = 86400
URL = "https://help.example.com"
FLOW_TITLE = "My backup won't start"


def call(app, body, content_type="text/plain;charset=UTF-8"):
    """POST like navigator.sendBeacon does (text/plain JSON) through the real WSGI app."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/feedback", "CONTENT_TYPE": content_type,
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "REMOTE_ADDR": "10.0.0.1"}
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    answer["body"] = b"".join(app(environ, start_response))
    return answer


def error(answer) -> str:
    return json.loads(answer["body"])["error"]


def step(id_, flow=FLOW, question=None, solution=None, answers=()):
    data = {"id": id_, "url": f"{URL}/{flow}/#{id_}"}
    if solution is not None:
        data["solution"] = solution
    else:
        data["question"], data["text"], data["answers"] = question, "", list(answers)
    return data


def flow_item(id_, title, language, steps, start):
    return {"id": id_, "language": language, "type": "flow", "url": f"{URL}/{id_}/", "title": title,
            "description": "", "category": ["Backups"], "tags": [], "updated": None, "text": "", "translations": {},
            "flow": {"start": start, "steps": steps}}


def write_site(root, title=None):
    """A hand-made kb.json in the build's format: an article, a FAQ question and two flows, one in two languages."""
    english = [
        step("app-running", question="Is the app <b>running</b>?", answers=[
            {"label": "Yes, it is running", "next": "signed-in"},
            {"label": "No, it asks for my password", "article": "account/reset-password", "url": f"{URL}/account/reset-password/"},
            {"label": "Still stuck", "contact": True}]),
        step("signed-in", question="Are you signed in?", answers=[
            {"label": "No", "next": "start-app"}, {"label": "Yes", "next": "reset"}]),
        step("start-app", solution="Start Acme Backup from your Applications folder."),
        step("reset", solution="Reset the backup schedule in Settings, then wait one minute and try again please."),
    ]
    spanish = [
        step("app-running", question="¿Está abierta la aplicación?", answers=[{"label": "Sí", "next": "signed-in"}]),
        step("signed-in", question="¿Has iniciado sesión?", answers=[{"label": "No", "next": "start-app"}]),
        step("start-app", solution="Abre Acme Backup."),
        step("reinstall", solution="Reinstala la aplicación."),  # a step only the translation has
    ]
    items = [
        {"id": "account/reset-password", "language": "en", "type": "article", "url": f"{URL}/account/reset-password/",
         "title": "Reset your password", "description": "", "category": ["Account"], "tags": [], "updated": None,
         "text": "", "translations": {}},
        {"id": "account/faq#locked", "language": "en", "type": "question", "url": f"{URL}/account/faq/#locked",
         "title": "Why am I locked out?", "description": "", "category": ["Account"], "tags": [], "updated": None,
         "text": "", "translations": {}},
        flow_item(FLOW, title or FLOW_TITLE, "en", english, "app-running"),
        flow_item(FLOW, "Mi copia no empieza", "es", spanish, "app-running"),
        flow_item("account/locked-out", "Locked out", "en",
                  [step("locked", flow="account/locked-out", question="Did you get an email?", answers=[{"label": "No", "contact": True}])],
                  "locked"),
    ]
    site = root / "site"
    site.mkdir()
    (site / "kb.json").write_text(json.dumps({"generator": "kbgen test", "site": {}, "items": items}), encoding="utf-8")
    return site


@pytest.fixture
def app(tmp_path):
    return create_app(tmp_path / "feedback.sqlite", rate_limit=0)


@pytest.fixture
def site_app(tmp_path):
    return create_app(tmp_path / "feedback.sqlite", site=write_site(tmp_path), rate_limit=0)


# --- the event contract ---------------------------------------------------------------------------

def test_a_flow_visit_is_stored(app):
    assert call(app, VISIT)["status"] == 204
    back = {"type": "flow", "flow": FLOW, "steps": ["app-running", "signed-in", "reset", "signed-in", "start-app"],
            "outcome": "contact"}  # Back and another answer: a step twice
    assert call(app, back, content_type="application/json")["status"] == 204
    article = {"type": "flow", "flow": FLOW, "steps": ["app-running"], "outcome": "article", "article": "account/reset-password"}
    assert call(app, article)["status"] == 204
    assert call(app, {**VISIT, "outcome": "left", "article": None})["status"] == 204  # null is as good as absent
    rows = [dict(r) for r in app.store.flow_visits()]
    assert [(r["flow"], json.loads(r["steps"]), r["outcome"], r["article"], r["locale"]) for r in rows] == [
        (FLOW, ["app-running", "signed-in", "reset"], "solved", None, "en"),
        (FLOW, ["app-running", "signed-in", "reset", "signed-in", "start-app"], "contact", None, None),
        (FLOW, ["app-running"], "article", "account/reset-password", None),
        (FLOW, ["app-running", "signed-in", "reset"], "left", None, "en")]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert all(isinstance(r["received"], int) for r in rows)
    assert app.store.events() == []  # visits are not votes


@pytest.mark.parametrize("body, message", [
    ({k: v for k, v in VISIT.items() if k != "steps"}, "'steps' must be a list of 1 to 100"),
    ({**VISIT, "steps": []}, "'steps' must be a list of 1 to 100"),
    ({**VISIT, "steps": ["s"] * 101}, "'steps' must be a list of 1 to 100"),
    ({**VISIT, "steps": "app-running"}, "'steps' must be a list of 1 to 100"),
    ({**VISIT, "steps": {"0": "app-running"}}, "'steps' must be a list of 1 to 100"),
    ({**VISIT, "steps": ["app-running", "app running"]}, "'steps' item 1 must be a step's anchor"),
    ({**VISIT, "steps": ["app-running#x"]}, "'steps' item 0 must be a step's anchor"),
    ({**VISIT, "steps": [7]}, "'steps' item 0 must be a step's anchor"),
    ({**VISIT, "steps": ["x" * 201]}, "'steps' item 0 must be a step's anchor"),
    ({**VISIT, "steps": ["a\x00b"]}, "'steps' item 0 must be a step's anchor"),
    ({**VISIT, "outcome": "maybe"}, "'outcome' must be one of solved, not_solved, contact, article, left"),
    ({**VISIT, "outcome": True}, "'outcome' must be one of"),
    ({k: v for k, v in VISIT.items() if k != "outcome"}, "'outcome' must be one of"),
    ({**VISIT, "email": "me@example.com"}, "unknown field 'email'"),
    ({**VISIT, "page": "billing/refunds"}, "unknown field 'page'"),
    ({**VISIT, "outcome": "article", "article": 5}, "'article' must be text of at most 300"),
    ({**VISIT, "outcome": "article", "article": "x" * 301}, "'article' must be text of at most 300"),
    ({**VISIT, "outcome": "article", "article": "a\x00"}, "'article' must be text"),
    ({**VISIT, "article": "account/reset-password"}, "'article' goes only with the outcome \"article\""),
    ({k: v for k, v in VISIT.items() if k != "flow"}, "'flow' must be the troubleshooter's id"),
    ({**VISIT, "flow": ""}, "'flow' must be the troubleshooter's id"),
    ({**VISIT, "flow": ["a"]}, "'flow' must be the troubleshooter's id"),
    ({**VISIT, "flow": "x" * 301}, "'flow' must be the troubleshooter's id"),
    ({**VISIT, "locale": "<script>"}, "'locale' must be a language code"),
    ({**VISIT, "type": "flows"}, "'type' must be \"vote\", \"search\", \"searches\" or \"flow\""),
])
def test_invalid_visits_are_400_with_a_reason(app, body, message):
    answer = call(app, body)
    assert answer["status"] == 400
    assert error(answer).startswith(message)
    assert app.store.flow_visits() == [] and app.store.events() == []


# --- validation against the site -------------------------------------------------------------------

def test_known_flows_merges_languages_and_pages_leave_flows_out(tmp_path):
    site = write_site(tmp_path)
    assert known_flows(site) == {
        FLOW: {"app-running": "question", "signed-in": "question", "start-app": "solution", "reset": "solution",
               "reinstall": "solution"},
        "account/locked-out": {"locked": "question"}}
    assert known_pages(site) == {"account/reset-password": set(), "account/faq": {"locked"}}


def test_visits_are_checked_against_the_site(site_app):
    unknown_flow = call(site_app, {**VISIT, "flow": "backups/nope"})
    assert unknown_flow["status"] == 422 and error(unknown_flow) == "no troubleshooter 'backups/nope' on this site"
    unknown_step = call(site_app, {**VISIT, "steps": ["app-running", "teleport", "reset"]})
    assert unknown_step["status"] == 422 and error(unknown_step) == f"no step 'teleport' in troubleshooter '{FLOW}'"
    other_flows_step = call(site_app, {**VISIT, "steps": ["locked"], "outcome": "contact"})
    assert other_flows_step["status"] == 422 and "'locked'" in error(other_flows_step)
    for outcome in ("solved", "not_solved"):
        at_question = call(site_app, {**VISIT, "steps": ["app-running", "signed-in"], "outcome": outcome})
        assert at_question["status"] == 422
        assert error(at_question).startswith(f"outcome '{outcome}' is only possible at a solution step; 'signed-in'")
    assert site_app.store.flow_visits() == []
    assert call(site_app, VISIT)["status"] == 204
    assert call(site_app, {**VISIT, "outcome": "not_solved", "steps": ["app-running", "signed-in", "start-app"]})["status"] == 204
    assert call(site_app, {**VISIT, "outcome": "contact"})["status"] == 204  # contact after No on a solution
    assert call(site_app, {**VISIT, "steps": ["app-running"], "outcome": "contact"})["status"] == 204
    assert call(site_app, {**VISIT, "steps": ["app-running", "signed-in"], "outcome": "left"})["status"] == 204
    assert call(site_app, {**VISIT, "steps": ["app-running", "reinstall"], "locale": "es"})["status"] == 204  # Spanish-only step
    assert len(site_app.store.flow_visits()) == 6
    # votes still go by articles: a troubleshooter takes no votes
    assert call(site_app, {"type": "vote", "page": FLOW, "helpful": True})["status"] == 422
    assert call(site_app, {"type": "vote", "page": "account/reset-password", "helpful": True})["status"] == 204
    assert call(site_app, {"type": "vote", "page": "account/faq", "question": "locked", "helpful": False})["status"] == 204


def test_without_flows_any_well_formed_visit_is_stored(tmp_path):
    # the earlier call form (known pages, no flows) still works and does not check visits
    app = FeedbackApp(Store(tmp_path / "f.sqlite"), "/api/feedback", {"account/reset-password": set()}, rate_limit=0)
    assert call(app, {**VISIT, "flow": "anything/at-all", "steps": ["x"]})["status"] == 204
    assert call(app, {"type": "vote", "page": "nope", "helpful": True})["status"] == 422
    checked = FeedbackApp(Store(tmp_path / "g.sqlite"), rate_limit=0, flows={FLOW: {"reset": "solution"}})
    assert call(checked, {**VISIT, "steps": ["reset"]})["status"] == 204
    assert call(checked, {**VISIT, "steps": ["x"]})["status"] == 422
    assert call(checked, {"type": "vote", "page": "nope", "helpful": True})["status"] == 204  # pages unknown: not checked


flow_bodies = st.fixed_dictionaries(
    {"type": st.just("flow")},
    optional={"flow": st.sampled_from([FLOW, "account/locked-out", "x", "", 3, None]),
              "steps": st.one_of(st.lists(st.sampled_from(["app-running", "signed-in", "reset", "start-app", "locked", "a b", "", 1]),
                                          max_size=6), st.text(max_size=5), st.none()),
              "outcome": st.sampled_from(["solved", "not_solved", "contact", "article", "left", "other", None, 1]),
              "article": st.one_of(st.none(), st.text(max_size=8), st.integers()),
              "locale": st.sampled_from(["en", "es", "pt-BR", "x", None]),
              "extra": st.integers()})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=flow_bodies)
def test_no_visit_produces_a_5xx(site_app, body):
    answer = call(site_app, body)
    assert answer["status"] in (204, 400, 422)
    if answer["status"] != 204:
        assert error(answer)


# --- the schema migration --------------------------------------------------------------------------

V1_DDL = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    received INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('vote', 'search')),
    page TEXT, question TEXT, helpful INTEGER, reason TEXT, comment TEXT,
    query TEXT, results INTEGER, locale TEXT
);
CREATE INDEX events_page ON events (page, question);
CREATE INDEX events_received ON events (received);
PRAGMA user_version=1;
"""


def v1_database(path):
    """A database as kbgen wrote it before troubleshooters (schema 1), with a vote and a search."""
    connection = sqlite3.connect(path)
    connection.executescript(V1_DDL)
    connection.execute("INSERT INTO events (received, type, page, helpful, reason, comment, locale)"
                       " VALUES (?, 'vote', 'billing/refunds', 0, 'unclear', 'Too short', 'en')", (START,))
    connection.execute("INSERT INTO events (received, type, query, results) VALUES (?, 'search', 'zeppelin', 0)", (START,))
    connection.commit()
    connection.close()
    return path


def test_a_version_1_database_migrates_in_place(tmp_path):
    path = v1_database(tmp_path / "old.sqlite")
    store = Store(path)
    assert [(r["type"], r["page"], r["comment"], r["query"]) for r in store.events()] == [
        ("vote", "billing/refunds", "Too short", None), ("search", None, None, "zeppelin")]
    store.add(Event("flow", flow=FLOW, steps=("app-running", "reset"), outcome="solved", locale="en"), received=START)
    store.add(Event("vote", page="billing/refunds", helpful=True, locale="en"), received=START)
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert ("flow_visits_flow",) in check.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    with pytest.raises(sqlite3.IntegrityError):  # the outcome is checked by the schema too
        check.execute("INSERT INTO flow_visits (received, flow, steps, outcome) VALUES (1, 'f', '[\"a\"]', 'maybe')")
    check.close()
    reopened = Store(path)  # a second open migrates nothing and loses nothing
    assert len(reopened.events()) == 3
    assert [(r["flow"], json.loads(r["steps"]), r["outcome"]) for r in reopened.flow_visits()] == [
        (FLOW, ["app-running", "reset"], "solved")]
    report = build_report(reopened)
    assert [(p.page, p.yes, p.no) for p in report.pages] == [("billing/refunds", 1, 1)]
    assert [(f.flow, f.visits) for f in report.flows] == [(FLOW, 1)]


def test_processes_opening_an_old_database_at_once_migrate_it_once(tmp_path):
    path = v1_database(tmp_path / "old.sqlite")
    barrier, failures = threading.Barrier(6), []

    def open_it():
        barrier.wait()
        try:
            Store(path).add(Event("flow", flow=FLOW, steps=("a",), outcome="left"))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(Store(path).flow_visits()) == 6 and len(Store(path).events()) == 2


# --- the report --------------------------------------------------------------------------------------

# (steps, outcome, article, locale, received)
VISITS = [
    (["app-running", "signed-in", "reset"], "solved", None, "en", START),
    (["app-running", "signed-in", "reset"], "solved", None, "en", START),
    (["app-running", "signed-in", "reset"], "not_solved", None, "en", START),
    (["app-running", "signed-in", "reset", "signed-in", "start-app"], "solved", None, "en", START),  # went Back
    (["app-running"], "left", None, "en", START),
    (["app-running", "signed-in"], "left", None, "en", START),
    (["app-running"], "article", "account/reset-password", "en", START),
    (["app-running", "signed-in", "reset"], "contact", None, "en", START),
    (["app-running", "signed-in", "start-app"], "not_solved", None, "es", START),
    (["app-running"], "left", None, "en", START - 10 * DAY),  # before --since
]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "flows.sqlite"
    store = Store(path)
    for steps, outcome, article, locale, received in VISITS:
        store.add(Event("flow", flow=FLOW, steps=tuple(steps), outcome=outcome, article=article, locale=locale), received=received)
    store.add(Event("flow", flow="account/locked-out", steps=("locked",), outcome="contact", locale="en"), received=START)
    store.add(Event("vote", page="account/reset-password", helpful=False, locale="en"), received=START)
    return path


WINDOW = ("--since", "2026-09-01", "--until", "2026-09-30")  # the visits' month, whatever day it is today


def report_json(*args):
    result = run_cli("feedback", "report", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def steps_of(flow):
    return {s["step"]: s for s in flow["steps"]}


def test_json_report_counts_per_flow_and_step(db, tmp_path):
    site = write_site(tmp_path)
    data = report_json("--db", db, "--site", site, *WINDOW)
    assert [(f["flow"], f["visits"]) for f in data["flows"]] == [(FLOW, 10), ("account/locked-out", 1)]
    flow = data["flows"][0]
    assert flow["title"] == FLOW_TITLE
    assert flow["outcomes"] == {"solved": 3, "not_solved": 2, "contact": 1, "article": 1, "left": 3}
    assert flow["contact_rate"] == 0.1 and flow["solved_rate"] == 0.6
    assert flow["articles"] == {"account/reset-password": 1}
    # site order (the Spanish-only step too, reached by no one), labels from the site
    assert [(s["step"], s["kind"], s["reached"], s["left_here"]) for s in flow["steps"]] == [
        ("app-running", "question", 10, 2), ("signed-in", "question", 7, 1), ("start-app", "solution", 2, 0),
        ("reset", "solution", 5, 0), ("reinstall", "solution", 0, 0)]
    steps = steps_of(flow)
    assert steps["app-running"]["label"] == "Is the app <b>running</b>?"
    assert steps["start-app"]["label"] == "Solution: Start Acme Backup from your Applications folder."
    assert steps["reset"]["label"] == "Solution: Reset the backup schedule in Settings, then wait …"
    assert steps["signed-in"]["solved"] is None and steps["signed-in"]["solved_rate"] is None  # a question
    reset = steps["reset"]
    assert (reset["solved"], reset["not_solved"], reset["solved_rate"], reset["wilson_lower"], reset["wilson_upper"]) == (
        2, 1, 0.6667, 0.2077, 0.9385)
    start_app = steps["start-app"]
    assert (start_app["solved"], start_app["not_solved"], start_app["solved_rate"], start_app["wilson_lower"],
            start_app["wilson_upper"]) == (1, 1, 0.5, 0.0945, 0.9055)
    assert (steps["reinstall"]["solved"], steps["reinstall"]["solved_rate"], steps["reinstall"]["wilson_lower"]) == (0, None, None)
    locked = data["flows"][1]
    assert locked["title"] == "Locked out" and locked["contact_rate"] == 1.0 and locked["solved_rate"] is None
    assert [(p["page"], p["no"]) for p in data["pages"]] == [("account/reset-password", 1)]  # votes unaffected


def test_report_filters_and_works_without_a_site(db, tmp_path):
    since = report_json("--db", db, "--since", "2026-09-21")
    flow = since["flows"][0]
    assert flow["visits"] == 9 and flow["outcomes"]["left"] == 2 and flow["title"] == ""
    # no site: steps in order of first appearance, solution steps known by their outcomes
    assert [(s["step"], s["kind"], s["reached"], s["left_here"], s["label"]) for s in flow["steps"]] == [
        ("app-running", None, 9, 1, ""), ("signed-in", None, 7, 1, ""), ("reset", "solution", 5, 0, ""),
        ("start-app", "solution", 2, 0, "")]
    spanish = report_json("--db", db, "--site", write_site(tmp_path), "--language", "es", *WINDOW)
    assert [(f["flow"], f["visits"], f["title"]) for f in spanish["flows"]] == [(FLOW, 1, "Mi copia no empieza")]
    es = spanish["flows"][0]
    assert es["solved_rate"] == 0.0 and es["outcomes"]["not_solved"] == 1
    assert steps_of(es)["app-running"]["label"] == "¿Está abierta la aplicación?"
    assert steps_of(es)["reset"]["label"].startswith("Solution: Reset the backup")  # only English has it
    assert [s["step"] for s in es["steps"]] == ["app-running", "signed-in", "start-app", "reinstall", "reset"]
    assert (steps_of(es)["start-app"]["reached"], steps_of(es)["start-app"]["not_solved"]) == (1, 1)


def test_flow_steps_from_site(tmp_path):
    steps = flow_steps_from_site(write_site(tmp_path))
    assert steps["account/locked-out"] == [("locked", "Did you get an email?", "question")]
    assert [s[0] for s in steps[FLOW]] == ["app-running", "signed-in", "start-app", "reset", "reinstall"]
    assert steps[FLOW][0] == ("app-running", "Is the app <b>running</b>?", "question")  # English first, in file order


def test_csv_report_has_a_row_per_flow_step(db, tmp_path):
    result = run_cli("feedback", "report", "--db", db, "--site", write_site(tmp_path), "--format", "csv", "--table", "flows",
                     *WINDOW)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))  # one table: the flows' steps
    assert rows[0] == ["flow", "flow_title", "step", "reached", "left_here", "drop_off_rate", "solved", "not_solved",
                       "solved_rate", "wilson_lower", "wilson_upper", "kind", "label"]
    body = [r[:10] for r in rows[1:]]
    assert body == [
        [FLOW, FLOW_TITLE, "app-running", "10", "2", "0.2", "", "", "", ""],
        [FLOW, FLOW_TITLE, "signed-in", "7", "1", "0.1429", "", "", "", ""],
        [FLOW, FLOW_TITLE, "start-app", "2", "0", "0.0", "1", "1", "0.5", "0.0945"],
        [FLOW, FLOW_TITLE, "reset", "5", "0", "0.0", "2", "1", "0.6667", "0.2077"],
        [FLOW, FLOW_TITLE, "reinstall", "0", "0", "", "0", "0", "", ""],
        ["account/locked-out", "Locked out", "locked", "1", "0", "0.0", "", "", "", ""]]
    assert rows[1][12] == "Is the app <b>running</b>?"  # a comma or quote would still parse: csv quoting


def test_table_report_shows_each_flow(db, tmp_path):
    result = run_cli("feedback", "report", "--db", db, "--site", write_site(tmp_path), *WINDOW)
    assert result.exit_code == 0
    table = result.stdout
    section = table[table.index("troubleshooters:"):]
    assert f"{FLOW}  {FLOW_TITLE}" in section
    assert "10 visits, solved 60% (3 of 5), contact 10%; solved 3, not solved 2, contact 1, article 1, left 3" in section
    reset = next(line for line in section.splitlines() if line.strip().startswith("reset "))
    assert reset.split()[:8] == ["reset", "5", "0", "0%", "2", "1", "67%", "21%"]
    app_running = next(line for line in section.splitlines() if line.strip().startswith("app-running "))
    assert app_running.split()[:8] == ["app-running", "10", "2", "20%", "-", "-", "-", "-"]
    assert section.index(FLOW) < section.index("account/locked-out")  # most visited first
    empty = run_cli("feedback", "report", "--db", Store(tmp_path / "empty.sqlite").path).stdout
    assert "troubleshooters:\n  none" in empty


def test_html_report_has_an_escaped_funnel_per_flow(db, tmp_path):
    site = write_site(tmp_path, title="Backup <script>alert(1)</script> & co")
    out = tmp_path / "report.html"
    result = run_cli("feedback", "report", "--db", db, "--site", site, "--format", "html", "-o", out, *WINDOW)
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>running" not in page
    assert "Backup &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert page.count('<svg class="chart funnel"') == 2  # one funnel per flow
    assert page.count('<section class="flow">') == 2
    flow = page[page.index('<section class="flow">'):]
    flow = flow[:flow.index("</section>")]
    assert "<h3>Backup &lt;script&gt;alert(1)&lt;/script&gt; &amp; co <code>backups/backup-wont-start</code></h3>" in flow
    svg = flow[flow.index("<svg"):flow.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-label="Readers reaching each step of Backup &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"' in svg
    assert svg.count("<rect") == 5  # a bar per step
    assert ">Is the app &lt;b&gt;running&lt;/b&gt;?</text>" in svg and ">10 (100%)</text>" in svg and ">5 (50%)</text>" in svg
    assert "10 visits · solved 60% (3 of 5) · contact 10%" in flow
    assert ('<td class="n">5</td><td class="n">0</td><td class="n">0%</td><td class="n">2</td><td class="n">1</td>'
            '<td class="n">67%</td><td class="n">21%</td>') in flow  # the reset step's row
    assert f'<a href="{URL}/{FLOW}/">' in flow  # its published page
    # self-contained: the only URLs are links to the published pages, no external asset
    assert "src=" not in page and "<link" not in page and "url(" not in page and "@import" not in page
    assert page.count("http") == page.count('<a href="http')
