"""Write the search files: two term-sharded indexes and the result stores.

Each index is its sorted vocabulary cut into consecutive ranges (term shards): per term and field,
the entries holding it and their weight, the BM25 score lunr.Builder would compute, so that
`assets/search/fulltext.js` scores a query exactly as lunr.Index.query scores it over one lunr
index (tests/search/test_sharded.py holds it to that) while fetching only the shards the query's
words fall in. The quick index (articles, keyword phrases and FAQ questions over title, keywords,
phrase and heading) answers as the reader types; the full text (every entry and field, sections
included) answers the search page. Store shards hold what results show, by entry range.
"""
from __future__ import annotations

import json
import math
from itertools import chain
from dataclasses import dataclass

from .entries import Entry, SearchEntries, count_terms
from .tokenizer import Tokenizer, utf16_sort_key

FORMAT_VERSION = 3
# Title and keywords weigh most, then section headings and FAQ questions, then description, then body.
# A keyword phrase on its own ("phrase") ranks between titles and headings.
FIELDS = (("title", 10), ("keywords", 10), ("phrase", 6), ("heading", 5), ("description", 2), ("body", 1))
QUICK_FIELDS = ("title", "keywords", "phrase", "heading")
# BM25 parameters (lunr's defaults are k1 1.2, b 0.75).
K1 = 1.2
B = 0.75


SHARD_BYTES = 120_000  # of JSON per term shard (about 35 KB gzipped): a query fetches a few
STORE_ENTRIES = 20  # entries per store shard (about 2 KB gzipped): eight suggestions fetch up to eight


@dataclass(frozen=True)
class SearchFiles:
    """Two term-sharded indexes (quick: titles, keywords, phrases and questions of the articles,
    keyword phrases and FAQ questions; full: every entry and field) and the store shards. The metas
    lack the shards' addresses, which depend on their bytes (search/__init__.py)."""

    quick_meta: dict
    quick_shards: tuple[bytes, ...]
    full_meta: dict
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


def records(collected: SearchEntries) -> list[list]:
    """What a result shows, per entry and whole: [title, URL, breadcrumb], and a fourth item, 1, for
    a troubleshooter or one of its steps. A keyword phrase is its article; a question or section is
    its article's URL with its anchor, under the article's title."""
    entries = collected.entries
    out: list[list] = []
    for entry in entries:
        if entry.kind == "article":
            out.append([entry.title, entry.url, collected.crumbs[entry.crumb]] + ([1] if entry.flow else []))
            continue
        parent = entries[entry.parent]
        crumb = collected.crumbs[parent.crumb]
        kind = [1] if parent.flow else []
        if not entry.anchor:  # a keyword phrase: the article itself
            out.append([parent.title, parent.url, crumb] + kind)
        else:
            out.append([entry.title, f"{parent.url}#{entry.anchor}", f"{crumb} › {parent.title}" if crumb else parent.title] + kind)
    return out


def weights(counts: list[list[Counts]], fields: tuple[str, ...]) -> tuple[list[str], dict[str, list]]:
    """The text of `fields` inverted: sorted vocabulary, and per term and field 0 or the flat list
    [entry delta, weight, entry delta, weight...] (entries ascending), weight being lunr.Builder's
    BM25 score times the field boost, in thousandths as lunr rounds it (JavaScript's Math.round:
    halves up).

    About two million postings at 10,000 articles, so the arithmetic runs over numpy arrays: a
    Python loop over them was 2.5 s of every build of cpp-docs. Each operation is the one the
    Python expression made, in its order, on IEEE doubles, so the weights are the same to the bit
    (idf stays math.log's: numpy's log may differ in the last place)."""
    import numpy as np  # here, not at import: most kbgen commands never build an index

    columns = [(i, boost) for i, (name, boost) in enumerate(FIELDS) if name in fields]
    n = len(counts)
    # Term numbers first (df needs every column), then each column's postings one at a time, its
    # arrays dropped before the next: at 100,000 articles every column's arrays at once were
    # gigabytes. Integers are int32 (entries, terms and weights in thousandths all fit); the
    # arithmetic stays float64, as the Python expression's.
    vocabulary: list[str] = []
    number: dict[str, int] = {}
    term_ids = []
    for i, _ in columns:
        terms = chain.from_iterable(doc[i] for doc in counts)
        term_ids.append(np.fromiter((number.setdefault(t, len(number)) for t in terms), dtype=np.int32))
    vocabulary = list(number)
    df = np.zeros(len(vocabulary), dtype=np.int64)
    for ids in term_ids:  # once per (entry, field), as lunr counts postings
        df += np.bincount(ids, minlength=len(vocabulary))
    idf = np.array([math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in df.tolist()], dtype=np.float64)
    del df
    postings: dict[str, list] = {}
    for c, (i, boost) in enumerate(columns):
        ids, term_ids[c] = term_ids[c], None
        if not len(ids):
            continue
        field_of = [doc[i] for doc in counts]
        sizes = np.fromiter(map(len, field_of), dtype=np.int64, count=n)
        found = np.fromiter(chain.from_iterable(f.values() for f in field_of), dtype=np.int64, count=len(ids))
        del field_of
        entry = np.repeat(np.arange(n, dtype=np.int32), sizes)
        length = np.bincount(entry, weights=found, minlength=n)  # exact: integers far below 2**53
        average = int(found.sum()) / n
        norm = K1 * (1 - B + B * (length / average))
        tf = found.astype(np.float64)
        del found
        score = idf[ids] * ((K1 + 1) * tf) / (norm[entry] + tf) * boost
        del tf
        weight = np.floor(score * 1000 + 0.5).astype(np.int32)
        del score
        order = np.argsort(ids, kind="stable")  # by term; stable keeps each term's entries ascending
        ids, entry, weight = ids[order], entry[order], weight[order]
        del order
        starts = np.concatenate(([0], np.flatnonzero(np.diff(ids)) + 1))
        delta = np.diff(entry, prepend=0)
        delta[starts] = entry[starts]
        flat = np.empty(2 * len(ids), dtype=np.int32)
        flat[0::2], flat[1::2] = delta, weight
        del delta, weight, entry
        flat_list = flat.tolist()
        del flat
        bounds = (2 * starts).tolist() + [len(flat_list)]
        for k, term_id in enumerate(ids[starts].tolist()):
            term = vocabulary[term_id]
            lists = postings.get(term)
            if lists is None:
                lists = postings[term] = [0] * len(columns)
            lists[c] = flat_list[bounds[k]:bounds[k + 1]]
        del flat_list, ids
    return sorted(postings, key=utf16_sort_key), postings


def term_shards(vocabulary: list[str], postings: dict) -> tuple[list[str], list[dict]]:
    """Consecutive ranges of the vocabulary of about SHARD_BYTES each: (first terms, shards)."""
    firsts: list[str] = []
    shards: list[dict] = []
    terms: list[str] = []
    lists: list = []
    size = 0
    for term in vocabulary:
        encoded = postings[term]
        cost = len(term) + 8
        for flat in encoded:
            cost += len(flat) * 5 if flat else 2
        if terms and size + cost > SHARD_BYTES:
            shards.append({"terms": terms, "postings": lists})
            terms, lists, size = [], [], 0
        if not terms:
            firsts.append(term)
        terms.append(term)
        lists.append(encoded)
        size += cost
    if terms or not shards:
        shards.append({"terms": terms, "postings": lists})
        if not firsts:
            firsts.append("")
    return firsts, shards


def store_shards(collected: SearchEntries) -> list[dict]:
    """Records and excerpts of every entry, STORE_ENTRIES entries a file."""
    rows, entries = records(collected), collected.entries
    return [{"first": start, "records": rows[start:start + STORE_ENTRIES],
             "excerpts": [e.excerpt for e in entries[start:start + STORE_ENTRIES]]}
            for start in range(0, max(len(entries), 1), STORE_ENTRIES)]


def sharded(counts: list[list[Counts]], fields: tuple[str, ...], language: str) -> tuple[dict, list[bytes]]:
    """An index over `fields` of `counts` as term shards: (meta without the shards' addresses, shards)."""
    vocabulary, postings = weights(counts, fields)
    firsts, shards = term_shards(vocabulary, postings)
    meta = {"version": FORMAT_VERSION, "language": language,
            "fields": [[name, boost] for name, boost in FIELDS if name in fields], "entries": len(counts), "firsts": firsts}
    return meta, [as_json(s) for s in shards]


def build_search_files(collected: SearchEntries, language: str) -> SearchFiles:
    counts = entry_counts(collected.entries, Tokenizer(language))
    quick_meta, quick_shards = sharded(counts[:collected.quick_count], QUICK_FIELDS, language)
    quick_meta["storeSize"] = STORE_ENTRIES
    full_meta, full_shards = sharded(counts, tuple(name for name, _ in FIELDS), language)
    quick_meta["phrases"] = full_meta["phrases"] = list(collected.phrases)
    return SearchFiles(quick_meta, tuple(quick_shards), full_meta, tuple(full_shards),
                       tuple(as_json(s) for s in store_shards(collected)))


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
