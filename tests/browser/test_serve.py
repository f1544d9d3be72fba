"""Live reload as a writer sees it: an open article changes by itself after a save, a broken save
shows the error overlay over the last good page, and the fix brings the page back."""
from __future__ import annotations

from tests.server.process import ServeProcess


def test_open_page_follows_saves_and_shows_then_clears_the_overlay(browser, fixture_site):
    project = fixture_site("full")
    refunds = project / "content" / "billing" / "refunds.md"
    good = refunds.read_text()
    with ServeProcess(project) as server:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server.url + "billing/refunds/")
        assert page.locator("h1").inner_text() == "Get a refund"
        page.evaluate("window.kbgenTestMarker = 1")  # gone after a real reload

        refunds.write_text(good.replace("title: Get a refund", "title: Get your money back"))
        page.wait_for_function("document.querySelector('h1').textContent === 'Get your money back'", timeout=60_000)
        assert page.evaluate("window.kbgenTestMarker") is None

        refunds.write_text("---\ntitle: [broken\n---\n")
        overlay = page.locator("#kbgen-error-overlay")
        overlay.wait_for(state="visible", timeout=60_000)
        assert "content/billing/refunds.md:3:1" in overlay.inner_text()
        assert "frontmatter-syntax" in overlay.inner_text()
        assert page.locator("h1").inner_text() == "Get your money back"  # the last good page stays readable
        page.screenshot(path=str(project.parent / "overlay.png"), full_page=False)

        refunds.write_text(good)
        page.wait_for_function("document.querySelector('h1').textContent === 'Get a refund'", timeout=60_000)
        assert page.locator("#kbgen-error-overlay").count() == 0
        assert errors == []
        page.close()


def test_a_vote_in_the_preview_lands_in_the_project_database(browser, fixture_site):
    import sqlite3

    project = fixture_site("full")
    with ServeProcess(project) as server:
        page = browser.new_page()
        page.goto(server.url + "billing/refunds/")
        with page.expect_response(lambda r: "/api/feedback" in r.url) as answer:
            page.get_by_role("button", name="Yes").first.click()
        assert answer.value.status == 204
        page.close()
    with sqlite3.connect(project / ".kbgen" / "feedback.sqlite") as db:
        assert db.execute("SELECT page, helpful FROM events").fetchall() == [("billing/refunds", 1)]
