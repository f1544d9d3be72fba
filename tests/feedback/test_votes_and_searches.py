"""A vote counts when it is clicked and its reason completes it; searches arrive in batches."""
from __future__ import annotations

import json

import pytest

from kbgen.feedback import create_app
from tests.feedback.test_endpoint import call, rows

VOTE_ID = "3f2a9c0d5e6b47a1"


@pytest.fixture
def app(tmp_path):
    return create_app(tmp_path / "feedback.sqlite", rate_limit=0)


def votes(app):
    return [(r["vote_id"], r["page"], r["helpful"], r["reason"], r["comment"]) for r in rows(app) if r["type"] == "vote"]


def test_a_no_then_its_reason_is_one_vote(app):
    assert call(app, body={"type": "vote", "id": VOTE_ID, "page": "billing/refunds", "helpful": False})["status"] == 204
    assert votes(app) == [(VOTE_ID, "billing/refunds", 0, None, None)]  # counted at the click
    assert call(app, body={"type": "vote", "id": VOTE_ID, "page": "billing/refunds", "helpful": False,
                           "reason": "unclear", "comment": "Which form?"})["status"] == 204
    assert votes(app) == [(VOTE_ID, "billing/refunds", 0, "unclear", "Which form?")]
    # "Change my answer": the same vote becomes a Yes, and what the No said goes with it.
    assert call(app, body={"type": "vote", "id": VOTE_ID, "page": "billing/refunds", "helpful": True})["status"] == 204
    assert votes(app) == [(VOTE_ID, "billing/refunds", 1, None, None)]
    # Votes without an id (older pages) are each a vote of their own.
    for _ in range(2):
        call(app, body={"type": "vote", "page": "billing/refunds", "helpful": False})
    assert len(votes(app)) == 3


@pytest.mark.parametrize("vote_id", ["short", "x" * 65, "has space 123", 12345678, True])
def test_a_vote_id_is_a_plain_token(app, vote_id):
    answer = call(app, body={"type": "vote", "id": vote_id, "page": "billing/refunds", "helpful": False})
    assert answer["status"] == 400 and "'id' must be" in json.loads(answer["body"])["error"]


def test_a_batch_of_searches_is_stored_whole(app):
    batch = {"type": "searches", "locale": "en", "items": [
        {"query": "refund", "results": 12, "clicked": "/billing/refunds/"},
        {"query": "  zeppelin ", "results": 0},
        {"query": "facturación", "results": 3, "clicked": "/invoices/facturación-en-españa/#iva"}]}
    assert call(app, body=batch, content_type="text/plain")["status"] == 204
    assert [(r["query"], r["results"], r["clicked"], r["locale"]) for r in rows(app)] == [
        ("refund", 12, "/billing/refunds/", "en"), ("zeppelin", 0, None, "en"),
        ("facturación", 3, "/invoices/facturación-en-españa/#iva", "en")]


@pytest.mark.parametrize("items, message", [
    ([], "'items' must be a list of 1 to 20"),
    ([{"query": "a", "results": 1}] * 21, "'items' must be a list of 1 to 20"),
    ("refund", "'items' must be a list"),
    ([{"query": "a", "results": 1}, "b"], "'items' item 1 must be a search"),
    ([{"query": "a", "results": 1}, {"query": "", "results": 1}], "'items' item 1: 'query' must be"),
    ([{"query": "a", "results": -1}], "'items' item 0: 'results' must be"),
    ([{"query": "a", "results": 1, "clicked": "https://evil.example/"}], "'clicked' must be the path"),
    ([{"query": "a", "results": 1, "clicked": "/a b/"}], "'clicked' must be the path"),
    ([{"query": "a", "results": 1, "ip": "10.0.0.1"}], "unknown field 'ip'"),
])
def test_a_bad_batch_is_a_400_and_stores_none_of_it(app, items, message):
    answer = call(app, body={"type": "searches", "items": items})
    assert answer["status"] == 400 and message in json.loads(answer["body"])["error"]
    assert rows(app) == []
