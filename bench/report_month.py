"""A realistic month (and the month before it) of feedback for the sample help center, and its report.

Usage: python bench/report_month.py [--out DIR] [--until YYYY-MM-DD] [--time] [--screenshot]

Builds the sample help center (content/) into DIR/site for its kb.json, fills DIR/feedback.sqlite
with two windows of 30 days: thousands of votes over the articles and FAQ answers (most of them
helpful, a few clearly not, one that got worse this month), searches with the queries customers
type (some find nothing, some find results nobody opens, most lead to an answer), and visits of the
troubleshooter troubleshooting/client-cant-pay. Then writes DIR/report.html (and the CSV tables,
DIR/report-*.csv) like `kbgen feedback report --site DIR/site --project .` would, and prints the
HTML report's path.

--time also fills DIR/100k.sqlite with 100,000 events and prints how long the report takes on it
(in-process: build and render each format; and the whole `kbgen feedback report` command).
--screenshot also takes full-page screenshots of the HTML report, 1280 and 390 pixels wide
(DIR/report-1280.png, DIR/report-390.png), with Playwright driving /usr/bin/chromium.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbgen.feedback.report import Sources, build_report, read_site, render  # noqa: E402
from kbgen.feedback.report_csv import write_csv  # noqa: E402
from kbgen.feedback.sources import answer_sources  # noqa: E402
from kbgen.feedback.store import Store  # noqa: E402
from kbgen.feedback.validate import Event  # noqa: E402

DAY = 86400
FLOW = "troubleshooting/client-cant-pay"

# answer id -> (helpful rate this window, the window before); the rest are good (0.80-0.93)
BAD = {
    "payments/payouts": (0.38, 0.42),
    "billing/faq#can-i-get-a-refund-for-my-harbor-subscription": (0.27, 0.31),
    "troubleshooting/payout-delayed": (0.46, 0.50),
    "invoices/multi-currency-invoices": (0.48, 0.86),   # got worse: the currency picker moved
    "integrations/accounting/quickbooks-online": (0.58, 0.61),
}
POPULAR = ["invoices/create-an-invoice", "payments/payouts", "getting-started/create-your-account",
           "account/security/reset-your-password", "payments/accept-card-payments", "invoices/multi-currency-invoices",
           "billing/faq#can-i-get-a-refund-for-my-harbor-subscription", "troubleshooting/payout-delayed",
           "invoices/recurring-invoices", "payments/refund-a-payment", "integrations/accounting/quickbooks-online"]
REASONS = {"payments/payouts": ["incomplete", "unclear", "outdated"],
           "billing/faq#can-i-get-a-refund-for-my-harbor-subscription": ["incorrect", "unclear", "other"],
           "invoices/multi-currency-invoices": ["outdated", "incorrect"],
           "troubleshooting/payout-delayed": ["incomplete", "other"],
           "integrations/accounting/quickbooks-online": ["outdated", "incomplete"]}
COMMENTS = {
    "payments/payouts": ["It doesn't say what to do when a payout is stuck in Pending for a week.",
                         "Which bank holidays count? My payout is late again.",
                         "I need to change the payout account, not read about schedules."],
    "billing/faq#can-i-get-a-refund-for-my-harbor-subscription": [
        "It says no refunds but support gave me one last year?", "What about annual plans cancelled in the first month?",
        "Too vague. How many days do I have?"],
    "invoices/multi-currency-invoices": ["The currency menu isn't where the screenshot shows it anymore.",
                                         "Settings → Currencies does not exist in the new app",
                                         "Exchange rate section is outdated"],
    "troubleshooting/payout-delayed": ["My payout is 5 days late and this page just says wait.",
                                       "Doesn't cover payouts held for verification"],
    "integrations/accounting/quickbooks-online": ["Sync fails with error QB-403, not mentioned here.",
                                                  "Screens look different in QuickBooks now"],
}
HOSTILE = ['<script>alert("x")</script> & \'quotes\'', '=HYPERLINK("http://x","click me")', "\x1b[2J\x1b[31mcleared\u202e"]
# query -> (weight, results, the answer it mostly leads to (id) or None, share of searches that open a result)
QUERIES = {
    "refund": (90, 14, "payments/refund-a-payment", 0.72), "payout": (85, 9, "payments/payouts", 0.66),
    "payout delayed": (40, 6, "troubleshooting/payout-delayed", 0.61),
    "reset password": (70, 5, "account/security/reset-your-password", 0.84),
    "recurring invoice": (55, 7, "invoices/recurring-invoices", 0.77), "quickbooks": (50, 6,
                                                                                   "integrations/accounting/quickbooks-online", 0.7),
    "currency": (45, 5, "invoices/multi-currency-invoices", 0.58), "change plan": (38, 6, "billing/change-your-plan", 0.8),
    "cancel subscription": (36, 4, "billing/cancel-your-subscription", 0.82),
    "card declined": (34, 5, "troubleshooting/client-cant-pay-invoice", 0.69),
    "late fee": (30, 4, "invoices/discounts-and-late-fees", 0.74), "credit note": (25, 3, "invoices/credit-notes", 0.8),
    "tap to pay": (22, 3, "mobile-app/tap-to-pay", 0.86), "2fa": (20, 4, "account/security/two-factor-authentication", 0.75),
    "invoice number": (18, 4, "invoices/invoice-numbering", 0.7), "export": (18, 6, "account/export-your-data", 0.6),
    "receipt": (16, 5, "billing/download-harbor-receipts", 0.55),
    # results that nobody opens: the titles do not look like the answer
    "1099": (14, 3, None, 0.0), "tax form": (12, 7, None, 0.0), "invoice pdf": (9, 8, None, 0.0),
    # nothing found
    "venmo": (26, 0, None, 0.0), "zapier": (21, 0, None, 0.0), "quickbooks desktop": (15, 0, None, 0.0),
    "payroll": (12, 0, None, 0.0), "crypto": (8, 0, None, 0.0), "print checks": (6, 0, None, 0.0),
    "<script>alert(1)</script>": (1, 0, None, 0.0), "=HYPERLINK(\"http://x\")": (1, 0, None, 0.0),
}


def build_site(out: Path) -> Path:
    site = out / "site"
    subprocess.run([sys.executable, "-m", "kbgen", "build", str(ROOT), "--out", str(site)], check=True,
                   stdout=subprocess.DEVNULL)
    return site


def stamp(rng: random.Random, first: dt.date, days: int) -> int:
    """A moment in the window, fewer on weekends, more in office hours (UTC)."""
    while True:
        day = first + dt.timedelta(days=rng.randrange(days))
        if day.weekday() < 5 or rng.random() < 0.45:
            break
    hour = min(23, max(0, int(rng.gauss(14, 4))))
    start = int(dt.datetime.combine(day, dt.time(hour), dt.timezone.utc).timestamp())
    return start + rng.randrange(3600)


def generate(store: Store, kb: dict, until: dt.date, votes: int, searches: int, visits: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    answers = [i for i in kb["items"] if i["type"] in ("article", "question")]
    ids = [i["id"] for i in answers]
    rest = [i for i in ids if i not in POPULAR]
    rng.shuffle(rest)
    ranked = POPULAR + rest
    weights = [1 / (n + 3) ** 0.9 for n in range(len(ranked))]
    good = {i: rng.uniform(0.80, 0.93) for i in ids}
    paths = {i["id"]: urlsplit(i["url"]).path + (f"#{urlsplit(i['url']).fragment}" if "#" in i["url"] else "") for i in kb["items"]}
    flow = next(i for i in kb["items"] if i["id"] == FLOW)["flow"]
    steps = {s["id"]: s for s in flow["steps"]}
    batches: dict[int, list[Event]] = defaultdict(list)
    for window, first in ((0, until - dt.timedelta(days=29)), (1, until - dt.timedelta(days=59))):
        scale = 1.0 if window == 0 else 0.9  # a little less traffic the month before
        for answer in rng.choices(ranked, weights, k=int(votes * scale)):
            rate = BAD[answer][window] if answer in BAD else good[answer]
            helpful = rng.random() < rate
            page, _, question = answer.partition("#")
            reason = comment = None
            if not helpful and rng.random() < 0.6:
                reason = rng.choice(REASONS.get(answer, ["unclear", "incomplete", "other"]))
                if rng.random() < 0.35:
                    comment = rng.choice(COMMENTS.get(answer, ["Didn't answer my question.", "Needs an example."]))
            batches[stamp(rng, first, 30) // 3600 * 3600].append(
                Event("vote", page=page, question=question or None, helpful=helpful, reason=reason, comment=comment, locale="en"))
        names = list(QUERIES)
        for query in rng.choices(names, [QUERIES[q][0] for q in names], k=int(searches * scale)):
            _, results, target, opens = QUERIES[query]
            clicked = None
            if target and rng.random() < opens:
                clicked = paths[target] if rng.random() < 0.8 else paths[rng.choice(ranked[:25])]
            shown = query if rng.random() < 0.8 else query.capitalize()
            batches[stamp(rng, first, 30) // 3600 * 3600].append(
                Event("search", query=shown, results=results, clicked=clicked, locale="en"))
        for _ in range(int(visits * scale)):
            batches[stamp(rng, first, 30) // 3600 * 3600].append(_visit(rng, steps, flow["start"]))
    last_noon = int(dt.datetime.combine(until, dt.time(12), dt.timezone.utc).timestamp())
    for n, text in enumerate(HOSTILE):  # what a hostile reader may write: the report must show it inert
        batches[last_noon + n * 3600].append(Event("vote", page="troubleshooting/payout-delayed", helpful=False,
                                                   reason="other", comment=text, locale="en"))
    total = 0
    for hour, events in sorted(batches.items()):
        store.add_many(events, received=hour + 1800)
        total += len(events)
    return total


def _visit(rng: random.Random, steps: dict, start: str) -> Event:
    taken, step = [], steps[start]
    while True:
        taken.append(step["id"])
        if "solution" in step:
            roll = rng.random()
            outcome = "solved" if roll < 0.62 else "not_solved" if roll < 0.84 else "left"
            return Event("flow", flow=FLOW, steps=tuple(taken), outcome=outcome, locale="en")
        if rng.random() < 0.12:
            return Event("flow", flow=FLOW, steps=tuple(taken), outcome="left", locale="en")
        answer = rng.choice(step["answers"])
        if answer.get("contact"):
            return Event("flow", flow=FLOW, steps=tuple(taken), outcome="contact", locale="en")
        if answer.get("article"):
            return Event("flow", flow=FLOW, steps=tuple(taken), outcome="article", article=answer["article"], locale="en")
        step = steps[answer["next"]]


def timing(out: Path, kb: dict, site_dir: Path, until: dt.date) -> None:
    db = out / "100k.sqlite"
    db.unlink(missing_ok=True)
    store = Store(db)
    made = generate(store, kb, until, votes=19_000, searches=33_600, visits=400, seed=11)
    events = len(store.events()) + len(store.flow_visits())
    print(f"timing on {events:,} events ({made:,} stored) in {db}:")
    site, sources = read_site(site_dir), Sources(answer_sources(ROOT))
    since = until - dt.timedelta(days=29)
    for form in ("table", "json", "csv", "html"):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            render(build_report(store, since, until=until, site=site, sources=sources), form)
            runs.append(time.perf_counter() - started)
        print(f"  build + render {form:<5} {statistics.median(runs):.2f} s (median of 3)")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kbgen", "feedback", "report", "--db", str(db), "--site", str(site_dir),
                        "--project", str(ROOT), "--until", until.isoformat(), "--format", "html", "-o", str(out / "100k.html")],
                       check=True, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - started)
    print(f"  kbgen feedback report --site --project --format html (the whole command, Python's start and "
          f"loading the project included) {statistics.median(runs):.2f} s (median of 3)")


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def screenshots(html_path: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                fetched = []
                page.on("request", lambda request: fetched.append(request.url))
                page.goto(html_path.resolve().as_uri())
                shot = html_path.with_name(f"{html_path.stem}-{width}.png")
                page.screenshot(path=str(shot), full_page=True)
                wide = page.evaluate("document.documentElement.scrollWidth")
                outside = [url for url in fetched if not url.startswith("file:")]
                if wide > width or outside:
                    raise SystemExit(f"{shot}: {wide} px wide at {width} px, fetched {outside}")
                shots.append(shot)
                page.close()
        finally:
            browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/report-month"))
    parser.add_argument("--until", type=dt.date.fromisoformat, default=dt.datetime.now(dt.timezone.utc).date())
    parser.add_argument("--time", action="store_true", help="also time the report on 100,000 events")
    parser.add_argument("--screenshot", action="store_true", help="also screenshot the HTML report at 1280 and 390 px")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    site_dir = build_site(args.out)
    kb = json.loads((site_dir / "kb.json").read_text(encoding="utf-8"))
    db = args.out / "feedback.sqlite"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    store = Store(db)
    made = generate(store, kb, args.until, votes=4_200, searches=9_000, visits=140)
    since = args.until - dt.timedelta(days=29)
    report = build_report(store, since, until=args.until, site=read_site(site_dir), sources=Sources(answer_sources(ROOT)))
    html_path = args.out / "report.html"
    html_path.write_text(render(report, "html"), encoding="utf-8")
    write_csv(report, args.out / "report.csv")
    print(f"{made:,} events in {db}", file=sys.stderr)
    if args.time:
        timing(args.out, kb, site_dir, args.until)
    if args.screenshot:
        for shot in screenshots(html_path):
            print(shot, file=sys.stderr)
    print(html_path)


if __name__ == "__main__":
    main()
