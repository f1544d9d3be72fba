"""Troubleshooters in Chromium: without JavaScript (links and :target alone), with it (the path
taken, Back, Start over, focus), and the one report a visit sends when the reader leaves."""
from __future__ import annotations

import json
import sqlite3
import time

import pytest

from tests.browser.test_feedback import voting_site  # noqa: F401  (a fixture)
from tests.conftest import run_cli
from tests.server.process import ServeProcess

pytestmark = pytest.mark.browser

FLOW = "/troubleshooting/client-cant-pay/"


def visible_steps(tab) -> list[str]:
    return tab.eval_on_selector_all(".flow-step", "nodes => nodes.filter(n => n.offsetParent !== null).map(n => n.id)")


def answer(tab, label: str) -> None:
    tab.locator(".flow-step:visible").get_by_role("link", name=label, exact=True).click()


def test_without_javascript_answers_walk_to_a_solution_and_to_an_article(browser, sample_site):
    _, base = sample_site
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base + FLOW)
    assert visible_steps(tab) == ["pay-button"]  # no step named: the start step
    answer(tab, "Yes, but paying doesn't work")
    assert tab.url.endswith("#what-happens") and visible_steps(tab) == ["what-happens"]
    answer(tab, "The amount is over the limit")
    assert visible_steps(tab) == ["over-limit"]
    assert tab.locator("#over-limit").get_by_text("Did this solve your problem?").is_visible()
    tab.locator("#over-limit").get_by_role("link", name="No, I still need help").click()
    assert visible_steps(tab) == ["contact"]
    assert tab.locator("#contact").get_by_role("link", name="Contact support").get_attribute("href") == "https://harbor.example/support"
    tab.go_back()  # the browser's own Back, with no script at all
    assert visible_steps(tab) == ["over-limit"]
    tab.locator("#over-limit").get_by_role("link", name="Start over").click()
    assert visible_steps(tab) == ["pay-button"]
    answer(tab, "No, there's no button")
    answer(tab, "I haven't set up Harbor Payments")
    assert tab.url == base + "/payments/set-up-harbor-payments/"
    context.close()


def test_a_step_can_be_sent_as_a_link(browser, sample_site):
    _, base = sample_site
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)
        tab = context.new_page()
        tab.goto(base + FLOW + "#declined")
        assert visible_steps(tab) == ["declined"], scripts
        assert tab.locator("#declined h2").inner_text() == "Does the message mention authentication or 3D Secure?"
        context.close()


def test_with_javascript_the_path_back_and_start_over(browser, sample_site):
    _, base = sample_site
    context = browser.new_context()
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(base + FLOW)
    path = tab.locator("#flow-path")
    assert path.is_hidden()
    answer(tab, "Yes, but paying doesn't work")
    answer(tab, "The card is declined")
    assert visible_steps(tab) == ["declined"]
    assert path.locator("li").all_inner_texts() == [
        "Does your client see a Pay invoice button? Yes, but paying doesn't work",
        "What happens when your client clicks Pay invoice? The card is declined"]
    # Focus moves to the new question, so a screen reader reads it next.
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Does the message mention authentication or 3D Secure?"
    tab.go_back()  # the browser's Back: the previous question, and the path without its last answer
    assert visible_steps(tab) == ["what-happens"]
    assert path.locator("li").count() == 1
    tab.locator("#what-happens").get_by_role("button", name="Back").click()  # the page's own Back
    assert visible_steps(tab) == ["pay-button"] and path.is_hidden()
    tab.go_forward()
    tab.go_forward()
    assert visible_steps(tab) == ["declined"] and path.locator("li").count() == 2
    path.get_by_role("link", name="Does your client see a Pay invoice button?").click()  # a step of the path
    assert visible_steps(tab) == ["pay-button"] and path.is_hidden()
    answer(tab, "No, there's no button")
    tab.locator("#payments-active").get_by_role("link", name="Start over").click()
    assert visible_steps(tab) == ["pay-button"] and path.is_hidden()
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Does your client see a Pay invoice button?"
    assert errors == []
    context.close()


def visits(db, expected: int, timeout: float = 60.0) -> list[tuple]:
    deadline = time.monotonic() + timeout
    rows: list[tuple] = []
    while time.monotonic() < deadline:
        try:
            rows = sqlite3.connect(db).execute("SELECT flow, steps, outcome, article FROM flow_visits ORDER BY id").fetchall()
        except sqlite3.OperationalError:  # no table before the first event
            rows = []
        if len(rows) >= expected:
            break
        time.sleep(0.1)
    return [(flow, json.loads(steps), outcome, article) for flow, steps, outcome, article in rows]


def test_a_visit_is_reported_once_when_the_reader_leaves(browser, voting_site):  # noqa: F811
    base, db = voting_site
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(base + FLOW)
    answer(tab, "Yes, but paying doesn't work")
    answer(tab, "The card is declined")
    tab.go_back()
    answer(tab, "The payment page doesn't load")
    tab.locator("#page-wont-load").get_by_role("link", name="Yes, it's solved").click()
    assert visible_steps(tab) == ["solved"]
    tab.goto(base + "/")  # leaving the page sends the visit
    tab.goto(base + FLOW + "#what-happens")  # a second visit, deep-linked, that leads to an article
    answer(tab, "They paid, but the invoice still says Sent")
    tab.locator("#paid-not-marked").get_by_role("link", name="No, I still need help").click()
    tab.go_back()
    tab.locator("#paid-not-marked").get_by_role("link", name="Start over").click()
    answer(tab, "No, there's no button")
    answer(tab, "I haven't set up Harbor Payments")
    assert tab.url.endswith("/payments/set-up-harbor-payments/")
    tab.goto(base + FLOW)  # a third visit: solved, then started over (a fourth, left at once)
    answer(tab, "Yes, but paying doesn't work")
    answer(tab, "The amount is over the limit")
    tab.locator("#over-limit").get_by_role("link", name="Yes, it's solved").click()
    tab.locator("#solved").get_by_role("link", name="Start over").click()
    assert visible_steps(tab) == ["pay-button"]
    tab.goto(base + "/")
    assert visits(db, 4) == [
        ("troubleshooting/client-cant-pay", ["pay-button", "what-happens", "declined", "what-happens", "page-wont-load"], "solved", None),
        ("troubleshooting/client-cant-pay", ["what-happens", "paid-not-marked", "pay-button", "payments-active"], "article",
         "payments/set-up-harbor-payments"),
        ("troubleshooting/client-cant-pay", ["pay-button", "what-happens", "over-limit"], "solved", None),
        ("troubleshooting/client-cant-pay", ["pay-button"], "left", None),
    ]  # one row per visit, none per click
    context.close()


FLOW_FILE = """title: Sign-in trouble
start: see-error
steps:
  see-error:
    question: Do you see an error?
    answers:
      - label: "Yes"
        next: reset
      - label: "No"
        contact: true
  reset:
    solution: Reset your password from the sign-in page.
"""


def test_a_flow_completed_under_serve_is_in_the_report(browser, fixture_site):
    project = fixture_site("full")
    (project / "content" / "account" / "sign-in.flow.yaml").write_text(FLOW_FILE)
    with ServeProcess(project) as server:
        tab = browser.new_page()
        tab.goto(server.url + "account/sign-in/")
        answer(tab, "Yes")
        tab.locator("#reset").get_by_role("link", name="Yes, it's solved").click()
        tab.goto(server.url)
        assert visits(project / ".kbgen" / "feedback.sqlite", 1) == [("account/sign-in", ["see-error", "reset"], "solved", None)]
        tab.close()
    result = run_cli("feedback", "report", "--db", project / ".kbgen" / "feedback.sqlite", "--format", "json")
    assert result.exit_code == 0, result.stderr
    flows = json.loads(result.stdout)["flows"]
    assert [(f["flow"], f["visits"], f["outcomes"]["solved"]) for f in flows] == [("account/sign-in", 1, 1)]
    reset = next(step for step in flows[0]["steps"] if step["step"] == "reset")
    assert (reset["reached"], reset["solved"], reset["solved_rate"]) == (1, 1, 1.0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_state_of_the_page_passes_axe_and_fits_320_pixels(browser, sample_site, scheme):
    from tests.browser.test_accessibility import violations

    _, base = sample_site
    context = browser.new_context(color_scheme=scheme, viewport={"width": 320, "height": 640})
    tab = context.new_page()
    tab.goto(base + FLOW)
    found = {"start": violations(tab)}
    answer(tab, "Yes, but paying doesn't work")
    answer(tab, "The card is declined")
    found["question with a path"] = violations(tab)
    answer(tab, "Yes, authentication failed")
    found["solution"] = violations(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    tab.locator("#approve-check").get_by_role("link", name="No, I still need help").click()
    found["contact"] = violations(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    assert found == {state: [] for state in found}
    context.close()


def test_search_results_say_which_are_troubleshooters(browser, sample_site):
    _, base = sample_site
    context = browser.new_context()
    tab = context.new_page()

    def results(query):
        tab.goto(base + "/search/?q=" + query)
        tab.locator("#search-results a.search-result").first.wait_for()
        return tab.eval_on_selector_all("#search-results a.search-result", """links => links.map(a => [
            a.getAttribute('href'), a.querySelector('.result-kind') && a.querySelector('.result-kind').textContent])""")

    kinds = dict(results("client can't pay"))
    assert kinds["/troubleshooting/client-cant-pay/"] == "Troubleshooter"
    assert kinds["/troubleshooting/client-cant-pay-invoice/"] is None  # an article: no label
    assert results("approve the payment 3D Secure")[0] == ["/troubleshooting/client-cant-pay/#approve-check", "Troubleshooter"]
    context.close()
