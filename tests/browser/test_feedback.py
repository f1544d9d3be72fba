"""'Was this helpful?' in Chromium: a No with a reason lands in the endpoint's database."""
from __future__ import annotations

import shutil
import sqlite3
import time

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.browser.conftest import serve
from tests.conftest import REPO
from tests.feedback.test_durability import free_port, start

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def voting_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("voting")
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "static", project / "static")
    port = free_port()
    config = (REPO / "kbgen.yaml").read_text().replace("endpoint: /api/feedback",
                                                        f"endpoint: http://127.0.0.1:{port}/api/feedback")
    (project / "kbgen.yaml").write_text(config)
    build(project, BuildOptions(), Reporter())
    server = serve(project / "site")
    db = project / "votes.sqlite"
    endpoint = start(db, port)
    yield f"http://127.0.0.1:{server.server_address[1]}", db
    endpoint.terminate()
    endpoint.wait()
    server.shutdown()


def stored(db, expected, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = sqlite3.connect(db).execute("SELECT page, question, helpful, reason, comment FROM events").fetchall()
        if len(rows) >= expected:
            return rows
        time.sleep(0.1)
    return sqlite3.connect(db).execute("SELECT page, question, helpful, reason, comment FROM events").fetchall()


def test_no_with_a_reason_is_stored_and_shows_the_contact_path(browser, voting_site):
    base, db = voting_site
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(base + "/payments/refund-a-payment/")
    widget = tab.locator("[data-kb-feedback]")
    widget.get_by_role("button", name="No").click()
    assert widget.get_by_role("button", name="Yes").is_hidden()  # the question gives way to the reasons
    widget.get_by_label("It didn't answer my question").check()
    widget.get_by_label("Anything else?").fill("I wanted to refund <b>half</b>")
    widget.get_by_role("button", name="Send feedback").click()
    assert widget.locator(".feedback-contact a").is_visible()
    assert widget.locator(".feedback-why").is_hidden()
    assert stored(db, 1) == [("payments/refund-a-payment", None, 0, "incomplete", "I wanted to refund <b>half</b>")]
    tab.reload()  # the vote is remembered: thanks, not the question again
    assert tab.locator("[data-kb-feedback] .feedback-thanks").is_visible()
    context.close()


def test_yes_on_a_faq_answer_names_the_question(browser, voting_site):
    base, db = voting_site
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(base + "/billing/faq/")
    item = tab.locator("details.faq-item").first
    anchor = item.get_attribute("id")
    item.locator("summary").click()
    item.locator("[data-kb-feedback]").get_by_role("button", name="Yes").click()
    assert ("billing/faq", anchor, 1, None, None) in stored(db, 2)
    context.close()


def test_a_no_counts_when_clicked_and_its_reason_completes_that_vote_under_serve(browser, fixture_site):
    import json

    from tests.conftest import run_cli
    from tests.server.process import ServeProcess

    project = fixture_site("full")
    db = project / ".kbgen" / "feedback.sqlite"
    with ServeProcess(project) as server:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(server.url + "billing/refunds/")
        tab.locator("[data-kb-feedback]").first.get_by_role("button", name="No").click()
        tab.goto(server.url)  # left without the form: the No is counted all the same
        tab.goto(server.url + "account/password/")
        widget = tab.locator("[data-kb-feedback]").first
        widget.get_by_role("button", name="No").click()
        widget.get_by_label("It was unclear").check()
        widget.get_by_label("Anything else?").fill("Which password?")
        widget.get_by_role("button", name="Send feedback").click()
        assert widget.locator(".feedback-thanks").is_visible()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the reason's event arrives after the click's
            found = sqlite3.connect(db).execute("SELECT page, helpful, reason FROM events ORDER BY id").fetchall()
            if ("account/password", 0, "unclear") in found:
                break
            time.sleep(0.1)
        context.close()
    result = run_cli("feedback", "report", "--db", db, "--format", "json", "--since", "2000-01-01")
    assert result.exit_code == 0, result.stderr
    pages = {(p["page"], p["question"]): p for p in json.loads(result.stdout)["pages"]}
    assert (pages[("billing/refunds", None)]["yes"], pages[("billing/refunds", None)]["no"]) == (0, 1)
    password = pages[("account/password", None)]
    assert (password["yes"], password["no"], password["reasons"]) == (0, 1, {"unclear": 1})  # one vote, not two
    assert password["comments"][0]["comment"] == "Which password?"
