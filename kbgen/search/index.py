"""Write the compact search indexes and result stores that the browser turns into lunr indexes.

lunr.js's own serialized format repeats what can be derived: BM25 weights, every posting as
an object, every field reference as a string. kbgen ships only the sorted vocabulary and,
per entry and field, the term numbers (delta-encoded, repeats kept for term frequency).
`assets/search/engine.js` rebuilds lunr's index object from that with lunr's exact BM25
arithmetic and hands it to `lunr.Index.load`, so lunr.js itself stays unmodified.

Two stages: the quick index (articles and FAQ questions; title, keywords, question,
description) answers first and whole; the full text (every entry, every field, sections
included) is sharded: `full-meta` names the term shards (each a range of the sorted vocabulary,
with per term and field the entries holding it and their BM25 weight, as lunr.Builder computes
it) and the store shards (excerpts and section records by entry range). A query fetches the
shards its words fall in, and the store shards of the results it shows.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from .entries import Entry, SearchEntries, count_terms
from .tokenizer import Tokenizer, utf16_sort_key

FORMAT_VERSION = 2
# Title and keywords weigh most, then section headings and FAQ questions, then description, then body.
# A keyword phrase on its own ("phrase") ranks between titles and headings.
FIELDS = (("title", 10), ("keywords", 10), ("phrase", 6), ("heading", 5), ("description", 2), ("body", 1))
QUICK_FIELDS = ("title", "keywords", "phrase", "heading")
# BM25 parameters (lunr's defaults are k1 1.2, b 0.75).
K1 = 1.2
B = 0.75


SHARD_BYTES = 120_000  # of JSON per term shard (about 35 KB gzipped): a query fetches a few
STORE_ENTRIES = 1_000  # entries per store shard


@dataclass(frozen=True)
class SearchFiles:
    quick_index: bytes
    quick_store: bytes
    full_meta: dict  # without the shards' addresses, which depend on their bytes (search/__init__.py)
    term_shards: tuple[bytes, ...]
    store_shards: tuple[bytes, ...]


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


def quick_store(collected: SearchEntries) -> dict:
    """What a quick result shows: title, URL and breadcrumb of articles, parent and anchor of questions."""
    return {"crumbs": list(collected.crumbs), "docs": [_record(e) for e in collected.entries[:collected.quick_count]]}


def _record(entry: Entry) -> list:
    if entry.kind == "article":
        return [entry.title, entry.url, entry.crumb]
    return [entry.title, entry.parent, entry.anchor]


def weights(counts: list[list[Counts]]) -> tuple[list[str], dict[str, list[list[tuple[int, int]]]]]:
    """The full text inverted: sorted vocabulary, and per term and field the (entry, weight) pairs,
    weight being lunr.Builder's BM25 score times the field boost, in thousandths as lunr rounds it."""
    n = len(counts)
    totals = [0] * len(FIELDS)
    df: dict[str, int] = {}
    for doc in counts:
        for f, field in enumerate(doc):
            totals[f] += sum(field.values())
            for term in field:  # once per (entry, field), as lunr counts postings
                df[term] = df.get(term, 0) + 1
    idf = {term: math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for term, d in df.items()}
    averages = [total / n if n else 0 for total in totals]
    postings: dict[str, list[list[tuple[int, int]]]] = {}
    for entry, doc in enumerate(counts):
        for f, field in enumerate(doc):
            if not field:
                continue
            length = sum(field.values())
            norm = K1 * (1 - B + B * (length / averages[f]))
            boost = FIELDS[f][1]
            for term, count in field.items():
                score = idf[term] * ((K1 + 1) * count) / (norm + count) * boost
                lists = postings.get(term)
                if lists is None:
                    lists = postings[term] = [[] for _ in FIELDS]
                lists[f].append((entry, _round_like_js(score * 1000)))
    return sorted(postings, key=utf16_sort_key), postings


def _round_like_js(value: float) -> int:
    """JavaScript's Math.round (halves up), which lunr uses; Python's round() rounds halves to even."""
    return math.floor(value + 0.5)


def term_shards(vocabulary: list[str], postings: dict) -> tuple[list[str], list[dict]]:
    """Consecutive ranges of the vocabulary of about SHARD_BYTES each: (first terms, shards)."""
    firsts: list[str] = []
    shards: list[dict] = []
    current: dict = {"terms": [], "postings": []}
    size = 0
    for term in vocabulary:
        encoded = []
        for pairs in postings[term]:
            if not pairs:
                encoded.append(0)
                continue
            flat, previous = [], 0
            for entry, weight in pairs:  # entries ascending: delta-encoded
                flat += (entry - previous, weight)
                previous = entry
            encoded.append(flat)
        cost = len(term) + 8 + sum(len(e) * 5 if e else 2 for e in encoded)
        if current["terms"] and size + cost > SHARD_BYTES:
            shards.append(current)
            current, size = {"terms": [], "postings": []}, 0
        if not current["terms"]:
            firsts.append(term)
        current["terms"].append(term)
        current["postings"].append(encoded)
        size += cost
    if current["terms"] or not shards:
        shards.append(current)
        if not firsts:
            firsts.append("")
    return firsts, shards


def store_shards(collected: SearchEntries) -> list[dict]:
    """Excerpts of every entry and records of the sections, STORE_ENTRIES entries a file."""
    entries = collected.entries
    return [{"first": start, "docs": [_record(e) for e in entries[start:start + STORE_ENTRIES]],
             "excerpts": [e.excerpt for e in entries[start:start + STORE_ENTRIES]]}
            for start in range(0, max(len(entries), 1), STORE_ENTRIES)]


def build_search_files(collected: SearchEntries, language: str) -> SearchFiles:
    counts = entry_counts(collected.entries, Tokenizer(language))
    quick_index = compact_index(counts[:collected.quick_count], QUICK_FIELDS, language)
    vocabulary, postings = weights(counts)
    firsts, shards = term_shards(vocabulary, postings)
    stores = store_shards(collected)
    meta = {"version": FORMAT_VERSION, "language": language, "fields": [[name, boost] for name, boost in FIELDS],
            "entries": len(collected.entries), "quick": collected.quick_count, "firsts": firsts,
            "storeSize": STORE_ENTRIES}
    return SearchFiles(_json(quick_index), _json(quick_store(collected)), meta,
                       tuple(_json(s) for s in shards), tuple(_json(s) for s in stores))


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
