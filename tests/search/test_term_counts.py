"""TermCounts: an article's per-field term counts, kept compact in memory and in the parse cache."""
import json
import pickle

from kbgen.search.terms import TermCounts, terms_from_data, terms_to_data


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
