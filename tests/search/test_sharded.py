"""Both indexes (the quick one and the full text) answered from their shards
(assets/search/fulltext.js) against the same text as one lunr index answered by lunr.Index.query:
on the sample help center and on a generated one of 10,000 articles. Prints the agreement
(`pytest -s`)."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from kbgen.search.entries import Entry, SearchEntries, collect_entries
from kbgen.search.index import FIELDS, QUICK_FIELDS, build_search_files, entry_counts
from kbgen.search.tokenizer import Tokenizer
from tests.conftest import REPO
from tests.search.lunr_reference import compact_index
from tests.search.nodejs import ASSETS, run_node

CUSTOMER_QUERIES = [q[0] for q in json.loads((Path(__file__).parent / "customer_queries.json").read_text())]


def compare(collected: SearchEntries, queries: list[str], typing: bool, which: str, language: str = "en") -> list[dict]:
    built = build_search_files(collected, language)
    counts = entry_counts(collected.entries, Tokenizer(language))
    if which == "quick":
        compact = compact_index(counts[:collected.quick_count], QUICK_FIELDS, language)
        meta, shards = built.quick_meta, built.quick_shards
    else:
        compact = compact_index(counts, tuple(n for n, _ in FIELDS), language)
        meta, shards = built.full_meta, built.term_shards
    return run_node("sharded_agreement.js", ASSETS, payload={
        "compact": compact, "meta": meta, "shards": [json.loads(s) for s in shards], "queries": queries, "typing": typing})


def agreement(rows: list[dict]) -> dict:
    def same(row):
        return row["modes"][0] == row["modes"][1] and row["totals"][0] == row["totals"][1] and [r for r, _ in row["lunr"]] == [r for r, _ in row["sharded"]] and \
            all(abs(a[1] - b[1]) < 1e-9 for a, b in zip(row["lunr"], row["sharded"]))

    exact = [r for r in rows if r["modes"][0] == "exact"]
    return {"queries": len(rows), "identical": sum(map(same, rows)), "exact_mode": len(exact),
            "exact_identical": sum(map(same, exact)),
            "top1": sum(bool(r["lunr"]) and bool(r["sharded"]) and r["lunr"][0][0] == r["sharded"][0][0] for r in rows),
            "with_hits": sum(bool(r["lunr"]) for r in rows), "shards_max": max(r["shards"] for r in rows)}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sharded") / "site"
    site = build(REPO, BuildOptions(out_dir=out), Reporter()).sites.default
    queries = CUSTOMER_QUERIES + [a.title for a in site.articles.values()] + ["invoice", "payment refund", "bank acount"]
    return collect_entries(site), queries


@pytest.mark.parametrize("which", ["quick", "full"])
@pytest.mark.parametrize("typing", [False, True])
def test_shards_answer_like_one_lunr_index_on_the_sample(sample, typing, which):
    collected, queries = sample
    found = agreement(compare(collected, queries, typing, which))
    print(f"\nsample, {which} index, typing={typing}: {found}")
    assert found["exact_identical"] == found["exact_mode"]  # every word found as typed: lunr's hits and scores
    assert found["identical"] >= 0.95 * found["queries"]


def generated(count: int, seed: int = 11) -> tuple[SearchEntries, list[str]]:
    """Search entries of `count` articles in bench/build.py's Zipf-shaped vocabulary, and queries
    customers might type: title words, pairs, typed prefixes, a misspelling."""
    sys.path.insert(0, str(REPO / "bench"))
    import build as bench  # noqa: E402

    rng = random.Random(seed)
    entries = []
    for n in range(count):
        title = bench.sentence(rng, 5)[:-1]
        entries.append(Entry("article", title, url=f"/a/{n}/", excerpt=title, description=bench.sentence(rng),
                             keywords=" ".join(rng.choice(bench.WORDS) for _ in range(2)), body=bench.paragraph(rng)))
    queries = []
    for _ in range(150):
        words = rng.choice(entries).title.lower().split()
        pick = rng.sample(words, min(len(words), rng.randint(1, 2)))
        queries.append(" ".join(pick))
    queries += ["refund", "invoice payment", "bank transfer", "report tax", "currency", "webhook sync"]
    queries += [q[:-1] for q in queries[:20] if len(q) > 6]  # a letter short: typo tolerance
    return SearchEntries(("",), tuple(entries), count, (count, count)), queries


@pytest.mark.parametrize("which", ["quick", "full"])
@pytest.mark.parametrize("typing", [False, True])
def test_shards_answer_like_one_lunr_index_at_ten_thousand_articles(typing, which):
    collected, queries = generated(10_000)
    found = agreement(compare(collected, queries, typing, which))
    print(f"\n10,000 articles, {which} index, typing={typing}: {found}")
    assert found["exact_identical"] >= 0.98 * found["exact_mode"]
    assert found["top1"] >= 0.95 * found["with_hits"]
