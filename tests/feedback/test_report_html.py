"""The HTML report: self-contained, every supplied text escaped (in text and in attributes), the
answers that need work first linked to their pages, and every chart with labelled axes."""
from __future__ import annotations

import re

import pytest

from kbgen.feedback.store import Store
from kbgen.feedback.validate import Event
from tests.conftest import run_cli
from tests.feedback.test_report import at, write_kb

EVIL = "<script>alert(1)</script> \"double\" 'single' &amp;"
EVIL_TEXT = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;double&quot; &#x27;single&#x27; &amp;amp;"
WINDOW = ("--since", "2026-09-14", "--until", "2026-09-27")  # two weeks; the window before: 2026-08-31..09-13
DATE = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "html.sqlite"
    store = Store(path)
    plan = [("billing/refunds", None, "2026-09-01", True), ("billing/refunds", None, "2026-09-15", False),
            ("billing/refunds", None, "2026-09-16", False), ("billing/refunds", None, "2026-09-22", True),
            ("billing/faq", "can-i-pay", "2026-09-23", False), ("account/password", None, "2026-09-23", True)]
    for page, question, day, helpful in plan:
        store.add(Event("vote", page=page, question=question, helpful=helpful, reason=None if helpful else "unclear",
                        comment=None if helpful else EVIL, locale="en"), received=at(day))
    store.add(Event("search", query=EVIL, results=0, locale="en"), received=at("2026-09-20"))
    store.add(Event("search", query="refund", results=3, clicked="/billing/refunds/", locale="en"), received=at("2026-09-20"))
    store.add(Event("flow", flow="billing/card", steps=("start", "fix"), outcome="solved", locale="en"), received=at("2026-09-20"))
    store.add(Event("flow", flow="billing/card", steps=("start",), outcome="left", locale="en"), received=at("2026-09-21"))
    return path


@pytest.fixture
def site(tmp_path):
    return write_kb(tmp_path, [
        {"id": "billing/refunds", "type": "article", "language": "en", "title": f"Refunds {EVIL}",
         "url": "https://help.example.com/billing/refunds/?a=1&b=\"2\"", "source": "content/billing/refunds.md",
         "owner": f"maria {EVIL}"},
        {"id": "billing/faq#can-i-pay", "type": "question", "language": "en", "title": "Can I pay?",
         "url": "https://help.example.com/billing/faq/#can-i-pay"},
        {"id": "billing/card", "type": "flow", "language": "en", "title": f"Card {EVIL}", "url": "https://help.example.com/billing/card/",
         "flow": {"start": "start", "steps": [{"id": "start", "question": f"Step {EVIL}", "answers": []},
                                              {"id": "fix", "solution": "Fix it."}]}}])


@pytest.fixture
def page(db, site, tmp_path):
    out = tmp_path / "report.html"
    result = run_cli("feedback", "report", "--db", db, "--site", site, "--format", "html", "-o", out, *WINDOW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Wrote the html report 2026-09-14 to 2026-09-27 to {out}\n"
    return out.read_text(encoding="utf-8")


def charts(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


def texts(fragment: str) -> list[str]:
    return re.findall(r"<text\b[^>]*>([^<]*)</text>", fragment)


def axis(chart: str, which: str) -> str:
    found = re.search(rf'<g class="axis {which}">(.*?)</g>', chart, re.S)
    assert found, f"no {which} axis in {chart[:120]}"
    return found.group(1)


def test_everything_supplied_is_escaped(page):
    assert "<script" not in page and "'single'" not in page and '"double"' not in page
    assert f"Refunds {EVIL_TEXT}" in page  # a title, in text
    assert f'aria-label="Helpful rate per week of Refunds {EVIL_TEXT}"' in page  # and in an attribute
    assert f"<bdi>{EVIL_TEXT}</bdi>" in page  # a comment and a query
    assert f"owner maria {EVIL_TEXT}" in page
    assert f"<h3>Card {EVIL_TEXT} <code>billing/card</code></h3>" in page
    assert f"Step {EVIL_TEXT}</text>" in page  # a funnel label
    assert '<a href="https://help.example.com/billing/refunds/?a=1&amp;b=&quot;2&quot;">' in page


def test_the_page_is_self_contained(page):
    assert "src=" not in page and "<link" not in page and "url(" not in page and "@import" not in page
    assert page.count("http") == page.count('<a href="http')  # links to the published pages, nothing fetched


def test_needs_work_first_links_each_answer_with_its_source_owner_and_trend(page):
    section = page[page.index('id="needs-work"'):page.index('id="weekly"')]
    answers = re.findall(r'<li class="answer">.*?</li>\s*(?=<li class="answer">|</ol>)', section, re.S)
    assert len(answers) == 2  # account/password has no "no" vote: nothing to fix
    first, second = answers
    assert '<h3><a href="https://help.example.com/billing/refunds/?a=1&amp;b=&quot;2&quot;">Refunds' in first
    assert "source <code>content/billing/refunds.md</code>" in first
    assert "<strong>33% helpful</strong> (1 of 3)" in first and "before: 100% (1 of 1)" in first
    assert '<h3><a href="https://help.example.com/billing/faq/#can-i-pay">Can I pay?</a></h3>' in second
    assert "source" not in second and "owner" not in second  # kb.json gives neither: nothing shown
    trend = charts(first)[0]
    assert trend.count("<circle") == 3  # weeks of 2026-08-31, 09-14 and 09-21 have votes
    assert "week of 2026-09-14: 0% helpful (0 of 2)" in trend and "week of 2026-09-21: 100% helpful (1 of 1)" in trend
    assert 'class="before"' in trend  # the window before, shaded


def test_every_chart_has_labelled_axes(page):
    found = charts(page)
    kinds = [re.search(r'class="chart (\w+)"', c).group(1) for c in found]
    assert kinds == ["trend", "trend", "bars", "bars", "funnel"]
    for chart, kind in zip(found, kinds):
        x, y = texts(axis(chart, "x")), texts(axis(chart, "y"))
        assert 'role="img"' in chart and 'aria-label="' in chart
        if kind == "funnel":
            assert x[:5] == ["0%", "25%", "50%", "75%", "100%"] and "visits" in x[5]
            assert y == ["Step " + EVIL_TEXT, "Solution: Fix it."]
        else:
            dates = x[:-1]
            assert dates == ["31 Aug", "7 Sep", "14 Sep", "21 Sep"] and x[-1] == "week of"
            assert all(DATE.match(d) for d in dates)
            assert len(y) >= 3 and y[0] in ("0", "0%"), (kind, y)
    trend_y = texts(axis(found[0], "y"))
    assert trend_y == ["0%", "50%", "100%", "helpful rate"]
    votes_y = texts(axis(found[2], "y"))
    assert votes_y == ["0", "2", "4", "votes"]  # the busiest week had 3 votes: up to the next even round number


def test_the_totals_compare_with_the_window_before(page):
    cards = page[page.index('<ul class="cards">'):page.index("</ul>")]
    votes = re.search(r'<li class="card"><div class="label">Votes</div>.*?</li>', cards).group()
    assert '<div class="value">5</div>' in votes and "before: 1" in votes and "▲ +4 (+400%)" in votes
    helpful = re.search(r'<li class="card"><div class="label">Helpful rate</div>.*?</li>', cards).group()
    assert '<div class="value">40%</div>' in helpful and '<span class="change bad">▼ -60.0 pts</span>' in helpful
    solved = re.search(r'<li class="card"><div class="label">Troubleshooters solved</div>.*?</li>', cards).group()
    assert '<div class="value">100%</div>' in solved and "no data before" in solved


def test_an_empty_report_says_so(tmp_path):
    out = tmp_path / "empty.html"
    run_cli("feedback", "report", "--db", Store(tmp_path / "empty.sqlite").path, "--format", "html", "-o", out, *WINDOW)
    page = out.read_text(encoding="utf-8")
    assert "No answer was voted unhelpful in this window." in page and "No troubleshooter visits." in page
    assert "No votes in this window." in page and "No searches in this window." in page
    assert [re.search(r'class="chart (\w+)"', c).group(1) for c in charts(page)] == ["bars", "bars"]  # weeks, no data


def test_control_and_bidi_characters_are_shown_not_obeyed(tmp_path):
    path = tmp_path / "controls.sqlite"
    store = Store(path)
    store.add(Event("vote", page="billing/refunds", helpful=False, comment="\x1b[2Jgone\u202edesrever\x9b\nnext line",
                    locale="en"), received=at("2026-09-20"))
    out = tmp_path / "report.html"
    run_cli("feedback", "report", "--db", path, "--format", "html", "-o", out, *WINDOW)
    page = out.read_text(encoding="utf-8")
    assert re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", page) is None
    assert "<bdi>\\x1b[2Jgone\\u202edesrever\\x9b\nnext line</bdi>" in page
