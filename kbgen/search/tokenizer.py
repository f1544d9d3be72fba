"""The tokenizer contract shared with the browser (`assets/search/tokenizer.js`); see docs/search.md.

text -> NFKC -> lower case -> apostrophes removed (French and Italian: a word break, since
l'application is "l" + "application") -> runs of letters, marks and digits ->
Chinese/Japanese/Korean runs as their characters and overlapping character bigrams -> then by
the site language: English drops lunr's stop words and takes Porter stems (porter.py); a language
with a Snowball 2.2.0 algorithm is normalized, drops its stop words and takes Snowball stems
(stemming.py); any other language keeps the words. Both implementations must give the same tokens
for the same text: tests/fixtures/tokenizer_vectors.json is run against each.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import stemming
from .porter import stem as _porter
from .stemming import stemmer_assets  # noqa: F401  (part of this module's interface)

APOSTROPHES = re.compile("['\u2019\u02bc]")
CJK_RANGES = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
    (0x3040, 0x309F), (0x30A0, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF),
)
CJK = re.compile("([" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]+)")

# lunr.js 2.3.9's English stop word list (the same list lunr.py ships).
STOP_WORDS = frozenset("""a able about across after all almost also am among an and any are as at be because been but by
can cannot could dear did do does either else ever every for from get got had has have he her hers him his how however
i if in into is it its just least let like likely may me might most must my neither no nor not of off often on only or
other our own rather said say says she should since so some than that the their them then there these they this tis to
too twas us wants was we were what when where which while who whom why will with would yet you your""".split())


_ASCII_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern:
    """Runs of Unicode letters (L*), marks (M*) and digits (N*): JavaScript's [\\p{L}\\p{M}\\p{N}]+.

    Python's \\w is letters, digits and "_" (underscores are turned into spaces before matching);
    the marks are added as explicit ranges. A test checks the class against every code point."""
    ranges: list[list[int]] = []
    for code in list(range(0x40000)) + list(range(0xE0000, 0xE01F0)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    marks = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[\\w{marks}]+")


def is_english(language: str) -> bool:
    return str(language or "").split("-")[0].lower() == "en"


def is_stemmed(language: str) -> bool:
    """Whether the language drops stop words and stems (English, and the Snowball languages)."""
    return is_english(language) or stemming.algorithm(language) is not None


ELIDING_LANGUAGES = frozenset({"fr", "it"})  # the elided article or preposition is a stop word of its own


def words(text: str, language: str = "") -> list[str]:
    """Normalized words, CJK characters and bigrams, before stop words and stemming."""
    apostrophe = " " if str(language).split("-")[0].lower() in ELIDING_LANGUAGES else ""
    text = APOSTROPHES.sub(apostrophe, unicodedata.normalize("NFKC", text).lower()).replace("_", " ")
    # Plain ASCII (most of an English help center) has no marks: a far smaller class does.
    runs = (_ASCII_WORD if text.isascii() else _word_pattern()).findall(text)
    if not CJK.search(text):
        return runs
    out: list[str] = []
    for run in runs:
        if not CJK.search(run):
            out.append(run)
            continue
        for index, part in enumerate(CJK.split(run)):
            if not part:
                continue
            if index % 2 == 0 or len(part) == 1:
                out.append(part)
            else:  # each character, then the bigram it starts: a one-character query finds every word holding it
                for i in range(len(part) - 1):
                    out += (part[i], part[i:i + 2])
                out.append(part[-1])
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """English: lunr.js's Porter stem."""
    if CJK.search(word):
        return word
    return _porter(word)


@lru_cache(maxsize=200_000)
def snowball_term(word: str, name: str) -> str:
    """A word's term for Snowball algorithm `name`; "" when it is dropped (stemming.term)."""
    if CJK.search(word):
        return word
    return stemming.term(word, name)


class Tokenizer:
    def __init__(self, language: str):
        self.language = language
        self.english = is_english(language)
        self.snowball = None if self.english else stemming.algorithm(language)
        self.stemmed = self.english or self.snowball is not None

    def __call__(self, text: str) -> list[str]:
        if not text:
            return []
        if self.english:
            stop = STOP_WORDS
            return [stem(w) for w in words(text) if w not in stop]
        if self.snowball is None:
            return words(text, self.language)
        name = self.snowball
        out = []
        for word in words(text, self.language):
            term = snowball_term(word, name)
            if term:
                out.append(term)
        return out


def utf16_sort_key(term: str) -> bytes:
    """lunr.js needs terms in JavaScript string order (UTF-16 code units), which differs from Python's
    code-point order once a term holds a character outside the Basic Multilingual Plane."""
    return term.encode("utf-16-be")
