"""The reference the sharded search is held to: an index as lunr.js loads one, built from the same
term counts as the site's shards. tests/js/lunr_reference.js rebuilds it into a lunr index with
lunr.Builder's arithmetic (one sorted vocabulary; per entry and field the term numbers,
delta-encoded, repeats kept for term frequency)."""
from __future__ import annotations

from kbgen.search.index import B, FIELDS, FORMAT_VERSION, K1, Counts
from kbgen.search.tokenizer import utf16_sort_key


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
