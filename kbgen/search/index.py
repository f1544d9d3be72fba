"""Write the compact search indexes and result stores that the browser turns into lunr indexes.

lunr.js's own serialized format repeats what can be derived: BM25 weights, every posting as
an object, every field reference as a string. kbgen ships only the sorted vocabulary and,
per entry and field, the term numbers (delta-encoded, repeats kept for term frequency).
`assets/search/engine.js` rebuilds lunr's index object from that with lunr's exact BM25
arithmetic and hands it to `lunr.Index.load`, so lunr.js itself stays unmodified.

Two stages: the quick index (articles and FAQ questions; title, keywords, question,
description) answers first; the full index (every entry, every field, sections included)
replaces it once fetched.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .entries import Entry, SearchEntries, count_terms
from .tokenizer import Tokenizer, utf16_sort_key

FORMAT_VERSION = 1
# Title and keywords weigh most, then section headings and FAQ questions, then description, then body.
# A keyword phrase on its own ("phrase") ranks between titles and headings.
FIELDS = (("title", 10), ("keywords", 10), ("phrase", 6), ("heading", 5), ("description", 2), ("body", 1))
QUICK_FIELDS = ("title", "keywords", "phrase", "heading")
# BM25 parameters (lunr's defaults are k1 1.2, b 0.75).
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class SearchFiles:
    quick_index: bytes
    full_index: bytes
    quick_store: bytes
    full_store: bytes


def field_text(entry: Entry, name: str) -> str:
    if name == "title":
        return entry.title if entry.kind == "article" else ""
    return getattr(entry, name)


Counts = dict[str, int]  # term -> how often it occurs in one field of one entry


def entry_counts(entries: tuple[Entry, ...], tokenizer: Tokenizer) -> list[list[Counts]]:
    """Per entry, per field of FIELDS: term counts (already computed while parsing, when they were)."""
    return [list(entry.terms) if entry.terms is not None
            else [count_terms(tokenizer(field_text(entry, name))) for name, _ in FIELDS] for entry in entries]


def compact_index(counts: list[list[Counts]], fields: tuple[str, ...], language: str) -> dict:
    """The compact index over `counts`, keeping only `fields`."""
    columns = [i for i, (name, _) in enumerate(FIELDS) if name in fields]
    vocabulary = sorted({t for doc in counts for i in columns for t in doc[i]}, key=utf16_sort_key)
    number = {term: n for n, term in enumerate(vocabulary)}
    docs = []
    for doc in counts:
        row: list = []
        for i in columns:
            field = doc[i]
            if not field:
                row.append(0)
                continue
            deltas: list[int] = []
            previous = 0
            for n, count in sorted((number[t], c) for t, c in field.items()):
                deltas.append(n - previous)
                if count > 1:
                    deltas.extend([0] * (count - 1))
                previous = n
            row.append(deltas)
        docs.append(row)
    return {
        "version": FORMAT_VERSION, "language": language, "k1": K1, "b": B,
        "fields": [[name, boost] for name, boost in FIELDS if name in fields],
        "terms": vocabulary, "docs": docs,
    }


def stores(collected: SearchEntries) -> tuple[dict, dict]:
    """What a result shows: title, URL and breadcrumb (quick store), excerpts and sections (full store)."""
    def record(entry: Entry) -> list:
        if entry.kind == "article":
            return [entry.title, entry.url, entry.crumb]
        return [entry.title, entry.parent, entry.anchor]

    entries = collected.entries
    quick = {"crumbs": list(collected.crumbs), "docs": [record(e) for e in entries[:collected.quick_count]]}
    full = {"docs": [record(e) for e in entries[collected.quick_count:]], "excerpts": [e.excerpt for e in entries]}
    return quick, full


def build_search_files(collected: SearchEntries, language: str) -> SearchFiles:
    counts = entry_counts(collected.entries, Tokenizer(language))
    quick_index = compact_index(counts[:collected.quick_count], QUICK_FIELDS, language)
    full_index = compact_index(counts, tuple(name for name, _ in FIELDS), language)
    quick_store, full_store = stores(collected)
    return SearchFiles(_json(quick_index), _json(full_index), _json(quick_store), _json(full_store))


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
