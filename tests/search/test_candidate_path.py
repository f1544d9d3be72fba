"""The engine's path for large help centers (candidates from the rarest word, scored with lunr's
own arithmetic) against lunr.Index.query. The sample site is small, so a tiny budget forces it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.conftest import REPO
from tests.search.nodejs import run_node
from kbgen.search.entries import collect_entries
from kbgen.search.index import FIELDS, compact_index, entry_counts
from kbgen.search.tokenizer import Tokenizer

CUSTOMER_QUERIES = [q[0] for q in json.loads((Path(__file__).parent / "customer_queries.json").read_text())]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("candidates") / "site"
    site = build(REPO, BuildOptions(out_dir=out), Reporter()).sites.default
    queries = CUSTOMER_QUERIES + [a.title for a in site.articles.values()] + ["invoice", "payment refund", "pay", "bank acount"]
    return out, queries, full_compact(site)


def full_compact(site) -> dict:
    """The whole text as one lunr index (sites ship it sharded): a large index for the candidate path."""
    counts = entry_counts(collect_entries(site).entries, Tokenizer(site.language))
    return compact_index(counts, tuple(name for name, _ in FIELDS), site.language)


def compare(sample, queries, budget, typing, stage="full"):
    out, _, compact = sample
    payload = {"queries": queries, "budget": budget, "typing": typing}
    if stage == "full":
        payload["compact"] = compact
    return run_node("candidate_path.js", out, payload=payload)


@pytest.mark.parametrize("typing", [False, True])
@pytest.mark.parametrize("stage", ["full", "quick"])
def test_exact_answers_are_lunrs_answers(sample, typing, stage):
    queries = sample[1]
    rows = compare(sample, queries, 60, typing, stage)
    exact = [r for r in rows if r["path"] == "candidates" and not r["approximate"]]
    assert len(exact) >= 10, "the budget should send many queries down the candidate path"
    for row in exact:
        assert row["mode"][0] == row["mode"][1], row["q"]
        fast = sorted((ref, round(score, 9), tuple(terms)) for ref, score, terms in row["fast"])
        slow = sorted((ref, round(score, 9), tuple(terms)) for ref, score, terms in row["exact"])
        assert fast == slow, row["q"]


def test_shortcuts_keep_the_best_answers(sample):
    """At a budget of 15 postings (harsher than any real site gets: at least 1,000) the answers
    that skipped postings still put lunr's best answer first; lower ranks may differ."""
    queries = sample[1]
    rows = [r for r in compare(sample, queries, 15, False) if r["exact"]]
    approximate = [r for r in rows if r["approximate"]]
    assert len(approximate) >= 10
    top = lambda hits, k: [ref for ref, _, _ in hits[:k]]  # noqa: E731
    first = sum(bool(r["fast"]) and r["fast"][0][1] == pytest.approx(r["exact"][0][1]) for r in approximate)
    assert first / len(approximate) >= 0.9
    agree = sum(len(set(top(r["fast"], 3)) & set(top(r["exact"], 3))) / min(3, len(r["exact"])) for r in approximate)
    assert agree / len(approximate) >= 0.6
