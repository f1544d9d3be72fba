"""An article's search terms, computed where the article is parsed (in worker processes).

Tokenizing is most of the cost of building the index, and it depends only on the article and
the site language, so it runs beside the Markdown pass instead of serially afterwards. Terms
travel as counts (term -> occurrences), which is all the index needs.
"""
from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate, chain
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
    return ArticleTerms.pack({
        "title": joined(title),
        "phrases": [joined(phrase) for phrase in keywords],
        "description": joined(description),
        "body": joined(entry_body(parsed.text, parsed.intro_text, [h.text for h in parsed.headings], bool(parsed.questions))),
        "sections": {anchor: (joined(headings[anchor]), joined(text)) for anchor, text in parsed.sections},
        "questions": {heading.anchor: (joined(heading.text), joined(text)) for heading, _, text in parsed.questions},
    })


class TermCounts:
    """How often each term occurs in one field of one entry, read like a dict (iteration, items(),
    values()) but held as a tuple of terms and their counts: a dict per field was 130 MB of
    `kbgen serve`'s memory at 10,000 articles, this is 50 MB. Terms are interned, so the copies of
    "the", "invoice", ... that each parse worker and cache entry brings are one string each."""

    __slots__ = ("terms", "counts")

    def __init__(self, terms: Iterable[str], counts: Iterable[int]):
        self.terms = tuple(map(sys.intern, terms))
        self.counts = _counts(counts)

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


def _counts(values: Iterable[int]) -> bytes | tuple[int, ...]:
    """One byte per count when they all fit (nearly always): a tuple spends eight per count."""
    values = tuple(values)
    try:
        return bytes(values)
    except ValueError:  # a count of 256 or more
        return values


class ArticleTerms(Mapping):
    """One article's term counts for every field, read like the dict `article_terms` made
    ({"title", "description", "body": TermCounts, "phrases": [TermCounts], "sections" and
    "questions": {anchor: (heading, text)}}) but packed: every field's terms in one tuple, every
    count in one bytes, and where each field ends. A dict, a list and a TermCounts per field and
    section were 64 MiB of `kbgen serve` at 10,000 articles; packed, two objects per article."""

    __slots__ = ("terms", "counts", "ends", "phrases", "sections", "questions")
    KEYS = ("title", "phrases", "description", "body", "sections", "questions")

    def __init__(self, terms: Iterable[str], counts: Iterable[int], ends: Iterable[int], phrases: int,
                 sections: Iterable[str], questions: Iterable[str]):
        self.terms = tuple(map(sys.intern, terms))
        self.counts = counts if isinstance(counts, bytes) else _counts(counts)
        # Fields in this order: title, description, body, each phrase, each section's heading and
        # text, each question's heading and text; ends[n] is where field n's terms end.
        self.ends = array("I", ends)
        self.phrases = phrases
        self.sections = tuple(sections)
        self.questions = tuple(questions)
        if len(self.terms) != len(self.counts) or len(self.ends) != 3 + phrases + 2 * (len(self.sections) + len(self.questions)) \
                or (self.ends and self.ends[-1] != len(self.terms)):
            raise ValueError("term counts that do not fit their layout")

    @classmethod
    def pack(cls, fields: Mapping[str, Any]) -> ArticleTerms:
        parts = [fields["title"], fields["description"], fields["body"], *fields["phrases"]]
        for pairs in (fields["sections"], fields["questions"]):
            for heading, text in pairs.values():
                parts += [heading, text]
        return cls(chain.from_iterable(p.terms for p in parts), chain.from_iterable(p.counts for p in parts),
                   accumulate(len(p.terms) for p in parts), len(fields["phrases"]), fields["sections"], fields["questions"])

    def _field(self, n: int) -> TermCounts:
        start, end = (self.ends[n - 1] if n else 0), self.ends[n]
        found = TermCounts.__new__(TermCounts)  # slices of interned terms and checked counts
        found.terms, found.counts = self.terms[start:end], self.counts[start:end]
        return found

    def _pairs(self, first: int, anchors: tuple[str, ...]) -> dict[str, tuple[TermCounts, TermCounts]]:
        return {anchor: (self._field(first + 2 * i), self._field(first + 2 * i + 1)) for i, anchor in enumerate(anchors)}

    def __getitem__(self, key: str):
        if key == "title":
            return self._field(0)
        if key == "description":
            return self._field(1)
        if key == "body":
            return self._field(2)
        if key == "phrases":
            return [self._field(3 + i) for i in range(self.phrases)]
        if key == "sections":
            return self._pairs(3 + self.phrases, self.sections)
        if key == "questions":
            return self._pairs(3 + self.phrases + 2 * len(self.sections), self.questions)
        raise KeyError(key)

    def __iter__(self):
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)

    def __reduce__(self):
        return ArticleTerms, (self.terms, self.counts, self.ends.tolist(), self.phrases, self.sections, self.questions)

    def __repr__(self) -> str:
        return f"ArticleTerms({dict(self.items())!r})"


def terms_to_data(terms: Mapping[str, Any] | None) -> list | dict[str, Any] | None:
    """For the parse cache's JSON: each field's counts as ["term term ...", counts in hex]. Terms
    never hold a space (tokenizer.py splits on it). Lists of millions of small strings and
    numbers were most of the time spent decoding the cache; two strings per field are not.
    Counts above 255 keep the plain form, [terms, counts]. Packed terms (ArticleTerms) are one such
    pair for the whole article, and its layout."""
    if terms is None:
        return None
    if isinstance(terms, ArticleTerms):
        layout = [terms.ends.tolist(), terms.phrases, list(terms.sections), list(terms.questions)]
        if isinstance(terms.counts, bytes) and not any(" " in term or not term for term in terms.terms):
            return [" ".join(terms.terms), terms.counts.hex(), *layout]
        return [list(terms.terms), list(terms.counts), *layout]
    return _map_fields(terms, _field_to_data)


def _field_to_data(found: TermCounts) -> list:
    if isinstance(found.counts, bytes) and not any(" " in term for term in found.terms):
        return [" ".join(found.terms), found.counts.hex()]
    return [list(found.terms), list(found.counts)]


def terms_from_data(data: list | dict[str, Any] | None) -> Mapping[str, Any] | None:
    if data is None:
        return None
    if isinstance(data, list):
        terms, counts, ends, phrases, sections, questions = data
        if isinstance(terms, str):
            terms, counts = (terms.split(" ") if terms else ()), bytes.fromhex(counts)
        return ArticleTerms(terms, counts, ends, int(phrases), sections, questions)
    return _map_fields(data, _field_from_data)


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
