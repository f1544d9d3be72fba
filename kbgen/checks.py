"""What is wrong or rotting in a loaded site beyond what loading it reports: articles overdue for
review, duplicate titles in one category, and orphans. All are warnings: they never stop a
publish unless --strict asks for it (see docs/diagnostics.md)."""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict

from .errors import Reporter
from .model import Article, Site
from .site import find_line


def check_site(site: Site, reporter: Reporter, today: dt.date | None = None) -> None:
    today = today or current_date()
    for article in site.articles.values():
        _check_review(article, site.config.review.max_age_days, today, reporter)
    _check_duplicate_titles(site, reporter)
    _check_orphans(site, reporter)


def current_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so reproducible builds and tests agree on 'overdue'."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _check_review(article: Article, max_age_days: int | None, today: dt.date, reporter: Reporter) -> None:
    every = article.review_every or max_age_days
    if every is None:
        return
    owner = f"; owner: {article.owner}" if article.owner else "; no owner set"
    last, what = (article.reviewed, "reviewed") if article.reviewed else (article.updated, "updated")
    rule = f"every {every} days" + ("" if article.review_every else " by review.max_age_days")
    hint = f"review it, then set 'reviewed: {today.isoformat()}'"
    if last is None:
        line, column = find_line(article.source, "review_every:") if article.review_every else (1, None)
        reporter.warning("review-overdue", f"never reviewed and no date to count from ({rule}){owner}", article.source,
                         line, column, hint=hint)
        return
    due = last + dt.timedelta(days=every)
    if due <= today:
        line, column = find_line(article.source, "reviewed:") if article.reviewed else find_line(article.source, "updated:")
        reporter.warning("review-overdue", f"review overdue since {due.isoformat()} ({what} {last.isoformat()}, {rule}){owner}",
                         article.source, line or 1, column, hint=hint)


def _check_duplicate_titles(site: Site, reporter: Reporter) -> None:
    """Two articles with one title in one category: a reader cannot tell which to open."""
    seen: dict[tuple[str, str], Article] = {}
    for article in sorted(site.articles.values(), key=lambda a: str(a.source)):
        key = (article.category_id, article.title.casefold().strip())
        first = seen.setdefault(key, article)
        if first is not article:
            line, column = find_line(article.source, "title:")
            other = os.path.relpath(first.source, article.source.parent)
            where = f"category '{article.category_id}'" if article.category_id else "the top level"
            reporter.warning("duplicate-title", f"title '{article.title}' is also used by '{other}' in {where}",
                             article.source, line or 1, column, hint="give each article a title that says how it differs")


def _check_orphans(site: Site, reporter: Reporter) -> None:
    """An article outside every category that no other article links to is found only by search."""
    if not any(c.parent_id == "" for c in site.categories.values() if site.article_count(c.id)):
        return  # a flat help center: the home page is its listing
    for article in site.articles.values():
        if article.category_id == "" and not article.featured and article.id not in site.linked_ids:
            reporter.warning("orphan", f"'{article.id}' is in no category and no article links to it", article.source, 1,
                             hint="move it into a category folder, link to it from a related article, or mark it 'featured: true'")
