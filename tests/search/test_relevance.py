"""Search relevance on the sample help center, with the site's own JavaScript engine in Node."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.conftest import REPO
from tests.search.nodejs import site_queries

CUSTOMER_QUERIES = json.loads((Path(__file__).parent / "customer_queries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("relevance") / "site"
    return build(REPO, BuildOptions(out_dir=out), Reporter()).sites.default, out


def misses(found, expected):
    return [(r["q"], want, r["titles"]) for r, want in zip(found, expected)
            if want not in r["urls"] and want not in [u.split("#")[0] for u in r["urls"]]]


def test_every_article_is_found_by_its_title_in_the_top_3(sample):
    site, out = sample
    articles = list(site.articles.values())
    found = site_queries(out, [a.title for a in articles], limit=3)
    assert misses(found, [a.url for a in articles]) == []


def test_every_faq_question_is_found_by_its_text_in_the_top_3(sample):
    site, out = sample
    questions = [(q.question, f"{a.url}#{q.anchor}") for a in site.articles.values() for q in a.faq]
    assert len(questions) >= 30
    found = site_queries(out, [q for q, _ in questions], limit=3)
    assert [(r["q"], r["titles"]) for r, (_, url) in zip(found, questions) if url not in r["urls"]] == []


def test_customer_queries_find_the_intended_answer_in_the_top_3(sample):
    _, out = sample
    assert len(CUSTOMER_QUERIES) >= 30
    kinds = " ".join(q for q, _ in CUSTOMER_QUERIES)
    assert "refnd" in kinds and "pasword" in kinds  # typos
    found = site_queries(out, [q for q, _ in CUSTOMER_QUERIES], limit=3)
    assert misses(found, [url for _, url in CUSTOMER_QUERIES]) == []


def test_typos_fall_back_and_plurals_meet_singulars(sample):
    _, out = sample
    typo, plural, singular = site_queries(out, ["refnd", "invoices", "invoice"], limit=5)
    assert typo["mode"] == "typo" and typo["urls"][0] == "/payments/refund-a-payment/"
    assert plural["mode"] == singular["mode"] == "exact" and plural["urls"] == singular["urls"]


def test_while_typing_the_last_word_is_a_prefix(sample):
    _, out = sample
    refu, quickb = site_queries(out, ["refu", "connect quickb"], limit=3, typing=True)
    assert refu["urls"][0] == "/payments/refund-a-payment/"
    assert quickb["urls"][0] == "/integrations/accounting/quickbooks-online/"


def test_any_word_is_the_last_resort_and_nonsense_finds_nothing(sample):
    _, out = sample
    any_word, nothing = site_queries(out, ["refund zeppelin", "zzqx blorft"], limit=3)
    assert any_word["mode"] == "any" and any_word["urls"]
    assert nothing["mode"] == "none" and nothing["urls"] == []


def test_a_keyword_and_a_title_hit_on_one_article_are_one_result(sample):
    _, out = sample
    [found] = site_queries(out, ["money back"], limit=10)
    assert len(found["urls"]) == len(set(found["urls"]))
