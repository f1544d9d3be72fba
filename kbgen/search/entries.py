"""What search can find: one entry per article, per article section and per FAQ question."""
from __future__ import annotations

from dataclasses import dataclass

from ..content.article import shorten
from ..model import Site

EXCERPT_LENGTH = 160


@dataclass(frozen=True)
class Entry:
    kind: str  # "article", "keyword", "question" or "section"
    title: str
    url: str = ""  # articles; questions and sections are parent URL + "#" + anchor
    crumb: int = 0  # articles: index into the breadcrumb table
    parent: int = -1  # questions and sections: the entry number of their article
    anchor: str = ""
    excerpt: str = ""
    keywords: str = ""
    phrase: str = ""
    heading: str = ""
    description: str = ""
    body: str = ""


@dataclass(frozen=True)
class SearchEntries:
    crumbs: tuple[str, ...]
    entries: tuple[Entry, ...]
    quick_count: int  # entries [0, quick_count) are articles and questions; sections follow


def collect_entries(site: Site) -> SearchEntries:
    """Articles, keyword phrases and FAQ questions first (the quick index covers them), then sections."""
    crumbs: dict[str, int] = {}
    quick: list[Entry] = []
    sections: list[Entry] = []
    for article in site.articles.values():
        trail = " › ".join(c.title for c in site.category_trail(article.category_id))
        crumb = crumbs.setdefault(trail, len(crumbs))
        number = len(quick)
        quick.append(Entry(
            "article", article.title, url=article.url, crumb=crumb,
            excerpt=shorten(article.description or article.text, EXCERPT_LENGTH),
            keywords=" ".join(article.keywords + article.tags), description=article.description, body=article.text,
        ))
        # Each keyword phrase is also a tiny entry of its own: inside the article's long keyword list a
        # phrase like "delete invoice" is diluted by lunr's length normalization; alone it ranks.
        for phrase in article.keywords:
            quick.append(Entry("keyword", article.title, parent=number, excerpt=quick[number].excerpt, phrase=phrase))
        for question in article.faq:
            quick.append(Entry("question", question.question, parent=number, anchor=question.anchor,
                               excerpt=shorten(question.text, EXCERPT_LENGTH), heading=question.question,
                               body=question.text))
        titles = {h.anchor: h.text for h in article.headings}
        if not article.is_faq:
            for anchor, text in article.section_text:
                if titles[anchor].casefold() == article.title.casefold():
                    continue  # the article's own entry already answers to that title
                sections.append(Entry("section", titles[anchor], parent=number, anchor=anchor,
                                      excerpt=shorten(text, EXCERPT_LENGTH), heading=titles[anchor], body=text))
    return SearchEntries(tuple(crumbs), tuple(quick + sections), len(quick))
