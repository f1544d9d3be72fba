"""The Python-built index, loaded by lunr.js, ranks like an index lunr.js builds itself (and like lunr.py's)."""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from lunr.builder import Builder

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from kbgen.search.entries import collect_entries
from kbgen.search.index import FIELDS, entry_counts, field_text
from kbgen.search.tokenizer import Tokenizer
from tests.conftest import REPO
from tests.search.lunr_reference import compact_index
from tests.search.nodejs import ASSETS, run_node

SAMPLE_QUERIES = ["refund", "money back", "two factor", "reset password", "payout", "invoice template", "tax", "quickbooks",
                  "recurring invoice", "delete account", "card fees", "dispute", "offline", "webhook signature",
                  "export data", "change plan", "team members", "late fee", "estimate", "currency"]


def lunr_py_reference(entries, tokens) -> dict:
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost)
    for ref, fields in enumerate(tokens):
        builder.add({"ref": str(ref), **{name: " ".join(t for t, n in counts.items() for _ in range(n))
                                         for (name, _), counts in zip(FIELDS, fields)}})
    return builder.build().serialize()


def compare(site, queries, with_lunr_py=True):
    collected = collect_entries(site)
    language = site.config.site.language
    tokens = entry_counts(collected.entries, Tokenizer(language))
    payload = {
        "language": language, "fields": [list(f) for f in FIELDS], "queries": queries,
        "entries": [{"ref": str(i), **{name: field_text(e, name) for name, _ in FIELDS}} for i, e in enumerate(collected.entries)],
        "compact": compact_index(tokens, tuple(name for name, _ in FIELDS), language),
        "lunrpy": lunr_py_reference(collected.entries, tokens) if with_lunr_py else None,
    }
    return run_node("interop.js", ASSETS, payload=payload)


def overlap(a: list[list[str]], b: list[list[str]]) -> float:
    total = sum(max(len(x), len(y)) for x, y in zip(a, b))
    shared = sum(len(set(x) & set(y)) for x, y in zip(a, b))
    return shared / total if total else 1.0


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return build(REPO, BuildOptions(out_dir=tmp_path_factory.mktemp("interop") / "site"), Reporter()).sites.default


def test_sample_site_ranks_like_native_lunr_js_and_lunr_py(sample_site):
    titles = [a.title for a in sample_site.articles.values()]
    result = compare(sample_site, SAMPLE_QUERIES + titles)
    assert all(result["native"]), "every query should find something"
    assert overlap(result["compact"], result["native"]) >= 0.99
    assert result["compact"] == result["native"]
    assert overlap(result["compact"], result["lunrpy"]) >= 0.99


def test_generated_corpus_ranks_like_native_lunr_js(tmp_path):
    import sys
    sys.path.insert(0, str(REPO / "bench"))
    from build import WORDS, generate  # bench/build.py's corpus generator

    generate(tmp_path / "corpus", 300, seed=11)
    site = build(tmp_path / "corpus", BuildOptions(), Reporter()).sites.default
    rng = random.Random(5)
    queries = [" ".join(rng.sample(WORDS, k)) for k in (1, 2, 3) for _ in range(40)]
    result = compare(site, queries)
    assert overlap(result["compact"], result["native"]) >= 0.99
    assert overlap(result["compact"], result["lunrpy"]) >= 0.99


def test_terms_computed_while_parsing_equal_tokenizing_the_entries_afresh(sample_site, tmp_path):
    """Parse workers tokenize ahead of time; the index must not depend on where that happened."""
    from kbgen.search.entries import count_terms

    for site in (sample_site,):
        collected = collect_entries(site)
        tokenize = Tokenizer(site.config.site.language)
        for entry in collected.entries:
            assert entry.terms is not None
            assert list(entry.terms) == [count_terms(tokenize(field_text(entry, name))) for name, _ in FIELDS], entry.title
