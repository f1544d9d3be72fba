"""index.weights runs its BM25 arithmetic over numpy arrays; this is the plain Python loop it
replaced, which the rest of the suite held to lunr.js's scores. Both must agree to the bit on
any counts: empty fields, counts above 255 (kept as a tuple), counts as plain dicts."""
from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from kbgen.search.index import B, FIELDS, K1, QUICK_FIELDS, weights
from kbgen.search.terms import TermCounts
from kbgen.search.tokenizer import utf16_sort_key

ALL_FIELDS = tuple(name for name, _ in FIELDS)


def reference_weights(counts: list[list[Counts]], fields: tuple[str, ...]) -> tuple[list[str], dict[str, list]]:
    """The text of `fields` inverted: sorted vocabulary, and per term and field 0 or the flat list
    [entry delta, weight, entry delta, weight...] (entries ascending), weight being lunr.Builder's
    BM25 score times the field boost, in thousandths as lunr rounds it (JavaScript's Math.round:
    halves up). One pass over about two million postings at 10,000 articles: kept tight."""
    columns = [(i, boost) for i, (name, boost) in enumerate(FIELDS) if name in fields]
    width = len(columns)
    n = len(counts)
    totals = [0] * width
    df: dict[str, int] = {}
    for doc in counts:
        for c, (i, _) in enumerate(columns):
            field = doc[i]
            totals[c] += sum(field.values())
            for term in field:  # once per (entry, field), as lunr counts postings
                df[term] = df.get(term, 0) + 1
    idf = {term: math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for term, d in df.items()}
    averages = [total / n if n else 0 for total in totals]
    postings: dict[str, list] = {}
    previous: dict[str, list[int]] = {}  # per term and field: the last entry added, for the deltas
    floor = math.floor
    for entry, doc in enumerate(counts):
        for c, (i, boost) in enumerate(columns):
            field = doc[i]
            if not field:
                continue
            length = sum(field.values())
            norm = K1 * (1 - B + B * (length / averages[c]))
            for term, count in field.items():
                score = idf[term] * ((K1 + 1) * count) / (norm + count) * boost
                lists = postings.get(term)
                if lists is None:
                    lists = postings[term] = [0] * width
                    last = previous[term] = [0] * width
                else:
                    last = previous[term]
                flat = lists[c]
                if not flat:
                    flat = lists[c] = []
                flat += (entry - last[c], floor(score * 1000 + 0.5))
                last[c] = entry
    return sorted(postings, key=utf16_sort_key), postings


field = st.dictionaries(st.sampled_from(["invoice", "refund", "card", "𝒳", "über", "a", "b", "c"]),
                        st.integers(min_value=1, max_value=300), max_size=6)


def as_field(counts: dict, kind: int):
    return counts if kind == 0 else TermCounts.of(counts)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.lists(field, min_size=len(FIELDS), max_size=len(FIELDS)), st.integers(0, 1)), max_size=12))
def test_numpy_weights_equal_the_python_loop(docs):
    counts = [[as_field(f, kind) for f in fields] for fields, kind in docs]
    for fields in (ALL_FIELDS, QUICK_FIELDS):
        assert weights(counts, fields) == reference_weights(counts, fields)


def test_no_entries_no_postings():
    assert weights([], ALL_FIELDS) == ([], {})
