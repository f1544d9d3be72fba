"""An article's search terms, computed where the article is parsed (in worker processes).

Tokenizing is most of the cost of building the index, and it depends only on the article and
the site language, so it runs beside the Markdown pass instead of serially afterwards. Terms
travel as counts (term -> occurrences), which is all the index needs.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..content.markdown import ParsedMarkdown
from .entries import count_terms, entry_body
from .tokenizer import Tokenizer


def article_terms(title: str, keywords: tuple[str, ...], description: str, parsed: ParsedMarkdown,
                  language: str) -> dict[str, Any]:
    """Tags are left out: their site-wide spelling is only settled once every article is read."""
    tokenize = Tokenizer(language)

    def joined(text: str) -> TermCounts:
        return TermCounts.of(count_terms(tokenize(text)))

    headings = {h.anchor: h.text for h in parsed.headings}
    return {
        "title": joined(title),
        "phrases": [joined(phrase) for phrase in keywords],
        "description": joined(description),
        "body": joined(entry_body(parsed.text, parsed.intro_text, [h.text for h in parsed.headings], bool(parsed.questions))),
        "sections": {anchor: (joined(headings[anchor]), joined(text)) for anchor, text in parsed.sections},
        "questions": {heading.anchor: (joined(heading.text), joined(text)) for heading, _, text in parsed.questions},
    }


class TermCounts:
    """How often each term occurs in one field of one entry, read like a dict (iteration, items(),
    values()) but held as a tuple of terms and their counts: a dict per field was 130 MB of
    `kbgen serve`'s memory at 10,000 articles, this is 50 MB. Terms are interned, so the copies of
    "the", "invoice", ... that each parse worker and cache entry brings are one string each."""

    __slots__ = ("terms", "counts")

    def __init__(self, terms: Iterable[str], counts: Iterable[int]):
        self.terms = tuple(map(sys.intern, terms))
        counts = tuple(counts)
        # One byte per count when they all fit (nearly always): a tuple spends eight per count.
        try:
            self.counts = bytes(counts)
        except ValueError:  # a count of 256 or more
            self.counts = counts

    @classmethod
    def of(cls, found: Mapping[str, int]) -> TermCounts:
        return cls(tuple(found), tuple(found.values()))

    def items(self):
        return zip(self.terms, self.counts)

    def values(self) -> Sequence[int]:
        return self.counts

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __eq__(self, other) -> bool:
        if isinstance(other, (TermCounts, Mapping)):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        return TermCounts, (self.terms, self.counts)

    def __repr__(self) -> str:
        return f"TermCounts({dict(self.items())!r})"


def terms_to_data(terms: dict[str, Any] | None) -> dict[str, Any] | None:
    """For the parse cache's JSON: each field's counts as ["term term ...", counts in hex]. Terms
    never hold a space (tokenizer.py splits on it). Lists of millions of small strings and
    numbers were most of the time spent decoding the cache; two strings per field are not.
    Counts above 255 keep the plain form, [terms, counts]."""
    return None if terms is None else _map_fields(terms, _field_to_data)


def _field_to_data(found: TermCounts) -> list:
    if isinstance(found.counts, bytes) and not any(" " in term for term in found.terms):
        return [" ".join(found.terms), found.counts.hex()]
    return [list(found.terms), list(found.counts)]


def terms_from_data(data: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if data is None else _map_fields(data, _field_from_data)


def _field_from_data(pair: list) -> TermCounts:
    terms, counts = pair
    if isinstance(terms, str):
        found = TermCounts.__new__(TermCounts)  # the parts are ready: no conversions to repeat
        found.terms = tuple(map(sys.intern, terms.split(" "))) if terms else ()
        found.counts = bytes.fromhex(counts)
        if len(found.terms) != len(found.counts):
            raise ValueError("term counts of another length than their terms")
        return found
    return TermCounts(terms, counts)


def _map_fields(terms: dict[str, Any], convert) -> dict[str, Any]:
    return {
        "title": convert(terms["title"]),
        "phrases": [convert(phrase) for phrase in terms["phrases"]],
        "description": convert(terms["description"]),
        "body": convert(terms["body"]),
        "sections": {anchor: (convert(heading), convert(text)) for anchor, (heading, text) in terms["sections"].items()},
        "questions": {anchor: (convert(heading), convert(text)) for anchor, (heading, text) in terms["questions"].items()},
    }
