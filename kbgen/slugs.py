"""Readable, stable slugs for URLs and heading anchors."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_LATIN_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"})
_NON_WORD = re.compile(r"[^\w]+")
_HEADING_DROP = re.compile(r"[^\w\- ]")


@lru_cache(maxsize=65536)  # the same folder and tag names come back for every article
def url_segment(name: str) -> str:
    """A URL path segment for a file or folder name.

    Latin letters lose their accents (`facturación` -> `facturacion`) so URLs stay
    typeable; other scripts (Chinese, Arabic, Cyrillic...) are kept as they are
    because transliterating them would make them unreadable.
    """
    text = unicodedata.normalize("NFKD", name.lower().translate(_LATIN_FOLDS))
    kept: list[str] = []
    for char in text:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    slug = _NON_WORD.sub("-", unicodedata.normalize("NFC", "".join(kept))).replace("_", "-")
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return slug or "page-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def heading_id(text: str) -> str:
    """The anchor GitHub gives a heading, so links written for GitHub's preview keep working."""
    slug = _HEADING_DROP.sub("", unicodedata.normalize("NFC", text).strip().lower()).replace(" ", "-")
    return slug or "section"


class AnchorSet:
    """Hands out unique anchors within one page: `setup`, `setup-1`, `setup-2`."""

    def __init__(self, taken: set[str] | None = None):
        self._taken: set[str] = set(taken or ())

    def add(self, text: str) -> str:
        base = heading_id(text)
        anchor, n = base, 0
        while anchor in self._taken:
            n += 1
            anchor = f"{base}-{n}"
        self._taken.add(anchor)
        return anchor
