"""An article's search terms, computed where the article is parsed (in worker processes).

Tokenizing is most of the cost of building the index, and it depends only on the article and
the site language, so it runs beside the Markdown pass instead of serially afterwards. Terms
travel as counts (term -> occurrences), which is all the index needs.
"""
from __future__ import annotations

import sys
from typing import Any

from ..content.markdown import ParsedMarkdown
from .entries import count_terms, entry_body
from .tokenizer import Tokenizer


def article_terms(title: str, keywords: tuple[str, ...], description: str, parsed: ParsedMarkdown,
                  language: str) -> dict[str, Any]:
    """Tags are left out: their site-wide spelling is only settled once every article is read."""
    tokenize = Tokenizer(language)

    def joined(text: str) -> dict[str, int]:
        return count_terms(tokenize(text))

    headings = {h.anchor: h.text for h in parsed.headings}
    return {
        "title": joined(title),
        "phrases": [joined(phrase) for phrase in keywords],
        "description": joined(description),
        "body": joined(entry_body(parsed.text, parsed.intro_text, [h.text for h in parsed.headings], bool(parsed.questions))),
        "sections": {anchor: (joined(headings[anchor]), joined(text)) for anchor, text in parsed.sections},
        "questions": {heading.anchor: (joined(heading.text), joined(text)) for heading, _, text in parsed.questions},
    }


def share_terms(terms: dict[str, Any] | None) -> dict[str, Any] | None:
    """The same counts with every term string interned. Each article decoded from the cache or
    sent back by a parse worker has its own copy of "the", "invoice", ...: at 10,000 articles
    those copies were 200 MB of `kbgen serve`'s memory."""
    if terms is None:
        return None
    intern = sys.intern

    def counts(found: dict[str, int]) -> dict[str, int]:
        return {intern(term): n for term, n in found.items()}

    return {
        "title": counts(terms["title"]),
        "phrases": [counts(phrase) for phrase in terms["phrases"]],
        "description": counts(terms["description"]),
        "body": counts(terms["body"]),
        "sections": {anchor: (counts(heading), counts(text)) for anchor, (heading, text) in terms["sections"].items()},
        "questions": {anchor: (counts(heading), counts(text)) for anchor, (heading, text) in terms["questions"].items()},
    }
