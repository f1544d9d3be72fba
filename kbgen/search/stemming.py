"""Stop words and Snowball stems for the languages other than English (see docs/search.md).

The browser half is `assets/search/tokenizer.js` with the Snowball 2.2.0 JavaScript stemmers in
`assets/vendor/snowball/`; here the same algorithms come from `snowballstemmer` 2.2.0 (generated
from the same Snowball release), and the stop words from the very file the browser loads,
`assets/vendor/snowball/stopwords.js`. tests/search/test_snowball_parity.py runs Snowball's
vocabularies through both.

For each word that `tokenizer.words` made, in this order:
1. the language's own normalization (Arabic, Romanian, Turkish; see `normalize`);
2. a stop word (compared after the same normalization) is dropped;
3. the word is Snowball-stemmed, except a CJK bigram or character (tokenizer.py never sends
   those here) and a word holding a character outside the Basic Multilingual Plane (JavaScript's
   stemmers count UTF-16 units, Python's count code points: such words are kept on both sides).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import snowballstemmer

# BCP 47 primary language subtag -> Snowball 2.2.0 algorithm (libstemmer's modules.txt codes).
# English is not here: it keeps lunr's stop words and Porter stemmer (porter.py).
LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "nb": "norwegian", "nn": "norwegian", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}
# Algorithm -> its list in stopwords.js (Lingua::StopWords codes; Norwegian's one list serves nb, nn, no).
STOP_LISTS = {
    "danish": "da", "german": "de", "spanish": "es", "finnish": "fi", "french": "fr", "hungarian": "hu",
    "indonesian": "id", "italian": "it", "dutch": "nl", "norwegian": "no", "portuguese": "pt",
    "romanian": "ro", "russian": "ru", "swedish": "sv",
}
STOPWORDS_ASSET = "vendor/snowball/stopwords.js"

# Arabic, before stop words and stemming. Snowball's Arabic stemmer strips the eight harakat
# (U+064B-U+0652) and tatweel and maps presentation forms and Arabic-Indic digits itself, but not
# superscript alef or the other combining marks, and it reads alef/hamza forms, teh marbuta and the
# definite article in ways that keep forms of one word apart (بطاقة -> طاق, البطاقة -> بطاق,
# البطاقات -> بطاق, بطاقات -> طاقا). So, on both sides:
AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640]")
AR_LETTERS = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ -> ا
                            "\u0624": "\u0648", "\u0626": "\u064a", "\u0649": "\u064a",  # ؤ -> و, ئ -> ي, ى -> ي
                            "\u0629": "\u0647"})  # ة -> ه
# The definite article, alone or after و ف ب ك, and لل (ل + ال), when three letters remain (Snowball's own threshold).
AR_ARTICLE = re.compile("^(?:\u0648\u0627\u0644|\u0641\u0627\u0644|\u0628\u0627\u0644|\u0643\u0627\u0644|\u0627\u0644|\u0644\u0644)(?=...)")
# The sound feminine plural ـات after three letters reads as the singular's ة (normalized ه).
AR_PLURAL = re.compile("^(.{3,})\u0627\u062a$")
# Romanian: Snowball 2.2.0's algorithm and the stop list spell ş ţ with a cedilla; current text uses a comma below.
RO_LETTERS = str.maketrans({"\u0219": "\u015f", "\u021b": "\u0163"})


def algorithm(language: str) -> str | None:
    """The Snowball algorithm for a BCP 47 tag (`pt-BR` -> portuguese), None without one."""
    return LANGUAGES.get(str(language or "").split("-")[0].lower())


def normalize(word: str, name: str) -> str:
    """A word as the stop list and the stemmer of algorithm `name` see it."""
    if name == "arabic":
        word = AR_MARKS.sub("", word).translate(AR_LETTERS)
        word = AR_PLURAL.sub("\\1\u0647", AR_ARTICLE.sub("", word))
    elif name == "romanian":
        word = word.translate(RO_LETTERS)
    elif name == "turkish":
        word = word.replace("i\u0307", "i")  # İ lower-cased outside a Turkish locale is i + combining dot
    return word


def stemmer_assets(language: str) -> tuple[str, ...]:
    """The theme assets (under `assets/`) the browser loads, in order, before `search/tokenizer.js`."""
    name = algorithm(language)
    if name is None:
        return ()
    return ("vendor/snowball/base-stemmer.js", f"vendor/snowball/{name}-stemmer.js", STOPWORDS_ASSET)


def stopwords_file() -> Path:
    from ..theme_files import DEFAULT_THEME, themes_root

    return themes_root() / DEFAULT_THEME / "assets" / STOPWORDS_ASSET


def parse_stopwords(text: str) -> dict[str, list[str]]:
    """The JSON object of stopwords.js: the lines between the assignment line and the closing `;`."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.endswith(".kbgenStopWords =")) + 1
    end = lines.index(";", start)
    return json.loads("\n".join(lines[start:end]))


@lru_cache(maxsize=None)
def stop_words(name: str) -> frozenset[str]:
    """Algorithm `name`'s stop words, normalized as its words are (empty without a list)."""
    code = STOP_LISTS.get(name)
    if code is None:
        return frozenset()
    lists = _stopword_lists()
    return frozenset(normalize(word, name) for word in lists[code])


@lru_cache(maxsize=1)
def _stopword_lists() -> dict[str, list[str]]:
    return parse_stopwords(stopwords_file().read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _stemmer(name: str):
    # The pure-Python class itself: snowballstemmer.stemmer() would hand out PyStemmer's C
    # stemmers when PyStemmer is installed, which may come from another Snowball release.
    return getattr(snowballstemmer, name.capitalize() + "Stemmer")()


def snowball(word: str, name: str) -> str:
    """Snowball 2.2.0's own stem of `word` (no kbgen normalization): what the parity test compares."""
    return _stemmer(name).stemWord(word)


_OUTSIDE_BMP = re.compile("[\U00010000-\U0010ffff]")


def term(word: str, name: str) -> str:
    """The index term of a word of `tokenizer.words` (not a CJK one) for algorithm `name`; "" when
    the word is dropped (a stop word, or nothing left after normalization). tokenizer.py caches it."""
    word = normalize(word, name)
    if not word or word in stop_words(name):
        return ""
    if _OUTSIDE_BMP.search(word):
        return word
    return _stemmer(name).stemWord(word)
