"""TermCounts: an article's per-field term counts, kept compact in memory and in the parse cache."""
import json
import pickle

import pytest

from kbgen.search.terms import ArticleTerms, TermCounts, terms_from_data, terms_to_data


def test_it_reads_like_the_dict_it_was_made_from():
    found = {"invoice": 3, "refund": 1, "the": 7}
    counts = TermCounts.of(found)
    assert list(counts) == ["invoice", "refund", "the"]
    assert list(counts.items()) == list(found.items())
    assert sum(counts.values()) == 11
    assert len(counts) == 3 and counts
    assert not TermCounts.of({})
    assert counts == found and counts == TermCounts.of(dict(found))
    assert counts != {"invoice": 3}


def test_terms_are_shared_between_articles_and_large_counts_survive():
    first = TermCounts.of({"".join(["inv", "oice"]): 1})
    second = TermCounts(["".join(["invo", "ice"])], [300])
    assert first.terms[0] is second.terms[0]
    assert isinstance(first.counts, bytes)
    assert list(second.items()) == [("invoice", 300)]


def test_a_round_trip_through_pickle_and_the_cache_keeps_every_count():
    counts = TermCounts.of({"a": 1, "b": 255, "c": 256})
    assert pickle.loads(pickle.dumps(counts)) == counts
    terms = {"title": counts, "phrases": [TermCounts.of({"x": 2})], "description": TermCounts.of({}),
             "body": counts, "sections": {"one": (counts, counts)}, "questions": {}}
    back = terms_from_data(json.loads(json.dumps(terms_to_data(terms))))
    assert back == terms
    assert terms_from_data(None) is None and terms_to_data(None) is None


def test_an_articles_packed_terms_read_like_the_fields_they_were_packed_from():
    big = TermCounts(["many"], [300])
    fields = {"title": TermCounts.of({"reset": 1}), "phrases": [TermCounts.of({"pin": 1}), TermCounts.of({})],
              "description": TermCounts.of({}), "body": TermCounts.of({"reset": 2, "password": 1}),
              "sections": {"one": (TermCounts.of({"step": 1}), big), "two": (TermCounts.of({}), TermCounts.of({"end": 4}))},
              "questions": {"why": (TermCounts.of({"why": 1}), TermCounts.of({"because": 1}))}}
    packed = ArticleTerms.pack(fields)
    assert packed == fields and dict(packed) == fields
    assert list(packed["sections"]) == ["one", "two"] and list(packed["sections"]["one"][1].items()) == [("many", 300)]
    assert pickle.loads(pickle.dumps(packed)) == fields
    back = terms_from_data(json.loads(json.dumps(terms_to_data(packed))))
    assert isinstance(back, ArticleTerms) and back == fields
    small = ArticleTerms.pack({**fields, "sections": {}})
    data = terms_to_data(small)
    assert isinstance(data[0], str)  # the compact form: one string of terms, counts in hex
    assert terms_from_data(json.loads(json.dumps(data))) == {**fields, "sections": {}}
    empty = ArticleTerms.pack({"title": TermCounts.of({}), "phrases": [], "description": TermCounts.of({}),
                               "body": TermCounts.of({}), "sections": {}, "questions": {}})
    assert terms_from_data(json.loads(json.dumps(terms_to_data(empty)))) == empty
    with pytest.raises(ValueError):  # a layout naming more fields than it holds: a damaged cache entry
        ArticleTerms(["a"], [1], [1, 1], 0, ["dangling"], [])
