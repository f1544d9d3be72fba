"""What search can find: one entry per article, per article section and per FAQ question."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..text import shorten
from .tokenizer import Tokenizer
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
    terms: tuple[dict[str, int], ...] | None = None  # per field of index.FIELDS: term counts, when parsing computed them
    flow: bool = False  # an article entry that is a troubleshooter (its results say so)


@dataclass(frozen=True)
class SearchEntries:
    crumbs: tuple[str, ...]
    entries: tuple[Entry, ...]
    quick_count: int  # entries [0, quick_count) are articles, questions and keyword phrases; sections follow
    phrases: tuple[int, int]  # the keyword phrases' entries, [start, end): each is its article again


def collect_entries(site: Site) -> SearchEntries:
    tokenize = Tokenizer(site.config.site.language)
    """Articles and FAQ questions first, then keyword phrases (the quick index covers these), then
    sections. The phrases in one range: a phrase matches only where its article matches too, so a
    search counts the pages it found as the entries it found outside that range."""
    crumbs: dict[str, int] = {}
    quick: list[Entry] = []
    phrases: list[Entry] = []
    sections: list[Entry] = []
    for article in site.articles.values():
        trail = " › ".join(c.title for c in site.category_trail(article.category_id))
        crumb = crumbs.setdefault(trail, len(crumbs))
        number = len(quick)
        terms = article.search_terms
        quick.append(Entry(
            "article", article.title, url=article.url, crumb=crumb, flow=article.is_flow,
            excerpt=shorten(article.description or article.text, EXCERPT_LENGTH),
            keywords=" ".join(article.keywords + article.tags), description=article.description,
            body=entry_body(article.text, article.intro_text, [h.text for h in article.headings], article.is_faq),
            terms=terms and (terms["title"], count_terms(tokenize(" ".join(article.keywords + article.tags))), {}, {},
                             terms["description"], terms["body"]),
        ))
        # Each keyword phrase is also a tiny entry of its own: inside the article's long keyword list a
        # phrase like "delete invoice" is diluted by lunr's length normalization; alone it ranks.
        phrase_terms = terms and terms["phrases"]
        for n, phrase in enumerate(article.keywords):
            phrases.append(Entry("keyword", article.title, parent=number, excerpt=quick[number].excerpt, phrase=phrase,
                               terms=terms and ({}, {}, phrase_terms[n], {}, {}, {})))
        questions = terms and terms["questions"]
        for question in article.faq:
            pair = terms and questions[question.anchor]
            quick.append(Entry("question", question.question, parent=number, anchor=question.anchor,
                               excerpt=shorten(question.text, EXCERPT_LENGTH), heading=question.question,
                               body=question.text, terms=pair and ({}, {}, {}, pair[0], {}, pair[1])))
        titles = {h.anchor: h.text for h in article.headings}
        if not article.is_faq:
            section_terms = terms and terms["sections"]
            for anchor, text in article.section_text:
                if titles[anchor].casefold() == article.title.casefold():
                    continue  # the article's own entry already answers to that title
                pair = terms and section_terms[anchor]
                sections.append(Entry("section", titles[anchor], parent=number, anchor=anchor,
                                      excerpt=shorten(text, EXCERPT_LENGTH), heading=titles[anchor], body=text,
                                      terms=pair and ({}, {}, {}, pair[0], {}, pair[1])))
    return SearchEntries(tuple(crumbs), tuple(quick + phrases + sections), len(quick) + len(phrases),
                         (len(quick), len(quick) + len(phrases)))


def entry_body(text: str, intro: str, headings: list[str], faq: bool) -> str:
    """An article entry's body: its introduction and headings. Each section's text is indexed once,
    in the section's own entry; indexing it in the article too doubled the full index."""
    if faq or intro == text:
        return text
    return "\n".join([intro, *headings])


def count_terms(terms: list[str]) -> dict[str, int]:
    return dict(Counter(terms))
