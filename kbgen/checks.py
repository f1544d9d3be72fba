"""What is wrong or rotting in a loaded site beyond what loading it reports: articles overdue for
review, duplicate titles in one category, orphans, outdated translations, theme words missing
for a language. All are warnings: they never stop a publish unless --strict asks for it; a
missing translation is a note, which not even --strict fails on (see docs/diagnostics.md)."""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict

from .config import Config
from .errors import Reporter
from .model import Article, Site, SiteSet
from .project_files import project_relative
from . import yamlutil
from .project_files import find_line


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


def check_theme_languages(config: Config, themes, reporter: Reporter) -> None:
    """A language the theme has no words for shows English words: say so, at the line naming it."""
    text = config.config_path.read_text(encoding="utf-8") if config.config_path else ""
    where = [("languages", n) for n in range(len(config.languages))] if config.multilingual else [("site", "language")]
    for (code, theme), path in zip(themes.items(), where):
        if theme.has_strings_for(code):
            continue
        line, column = yamlutil.position(text, path) if text else (None, None)
        reporter.warning("theme-language", f"the theme has no words for '{code}': its pages show English words",
                         config.config_path, line, column,
                         hint=f"translate the theme's strings/en.yaml into theme/strings/{code}.yaml")


def check_translations(sites: SiteSet, reporter: Reporter) -> None:
    """Where a translation is older than its original (`translation-outdated`, a warning), and
    which articles have no translation in a listed language (`translation-missing`, a note)."""
    if not sites.multilingual:
        return
    original = sites.default
    project = sites.config.project_dir
    for site in list(sites)[1:]:
        for article in sorted(original.articles.values(), key=lambda a: a.id):
            translation = site.articles.get(article.id)
            if translation is None:
                expected = site.config.content_dir / project_relative(article.source, original.config.content_dir)
                reporter.note("translation-missing", f"no {site.language} translation "
                              f"('{project_relative(expected, project)}' does not exist)", article.source, 1)
            elif article.updated and translation.updated and translation.updated < article.updated:
                reporter.warning("translation-outdated", f"the original '{project_relative(article.source, project)}' changed "
                                 f"on {article.updated.isoformat()}, after this translation ({translation.updated.isoformat()})",
                                 translation.source, 1, hint="bring the translation up to date, then its 'updated' date")


def translation_summary(sites: SiteSet) -> dict[str, dict[str, int]]:
    """Per language: articles translated (and up to date), outdated, and missing."""
    if not sites.multilingual:
        return {}
    original = sites.default
    summary = {}
    for site in list(sites)[1:]:
        counts = {"translated": 0, "outdated": 0, "missing": 0}
        for article in original.articles.values():
            translation = site.articles.get(article.id)
            if translation is None:
                counts["missing"] += 1
            elif article.updated and translation.updated and translation.updated < article.updated:
                counts["outdated"] += 1
            else:
                counts["translated"] += 1
        summary[site.language] = counts
    return summary
