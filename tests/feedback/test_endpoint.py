"""The feedback endpoint's contract: every answer code, the schema, and no 5xx for any input."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.feedback import create_app

VOTE = {"type": "vote", "page": "billing/refunds", "helpful": False, "reason": "unclear", "comment": "Too short"}


def call(app, method="POST", body=b"", content_type="application/json", path="/api/feedback", client="10.0.0.1",
         origin=None, length=None):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_TYPE": content_type,
               "CONTENT_LENGTH": str(len(body) if length is None else length), "wsgi.input": io.BytesIO(body),
               "REMOTE_ADDR": client}
    if origin:
        environ["HTTP_ORIGIN"] = origin
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    answer["body"] = b"".join(app(environ, start_response))
    return answer


@pytest.fixture
def app(tmp_path):
    return create_app(tmp_path / "feedback.sqlite", rate_limit=0)


def rows(app):
    return [dict(r) for r in app.store.events()]


def test_vote_and_search_are_stored(app):
    assert call(app, body=VOTE)["status"] == 204
    assert call(app, body={"type": "vote", "page": "billing/faq", "question": "can-i-pay", "helpful": True},
                content_type="text/plain;charset=UTF-8")["status"] == 204
    assert call(app, body={"type": "search", "query": "  zeppelin   refund ", "results": 0, "locale": "en"})["status"] == 204
    stored = rows(app)
    assert [(r["type"], r["page"], r["question"], r["helpful"], r["reason"], r["query"]) for r in stored] == [
        ("vote", "billing/refunds", None, 0, "unclear", None), ("vote", "billing/faq", "can-i-pay", 1, None, None),
        ("search", None, None, None, None, "zeppelin refund")]
    assert "10.0.0.1" not in json.dumps(stored)  # the client address is never stored


@pytest.mark.parametrize("body, message", [
    (b"{nope", "body is not JSON"),
    (b"[1, 2]", "body must be a JSON object"),
    ({"type": "like"}, "'type' must be"),
    ({"type": "vote", "helpful": True}, "'page' must be"),
    ({"type": "vote", "page": "a", "helpful": "yes"}, "'helpful' must be true or false"),
    ({"type": "vote", "page": "a", "helpful": True, "reason": "boring"}, "'reason' must be one of"),
    ({"type": "vote", "page": "a", "helpful": True, "comment": "x" * 1001}, "'comment' must be text of at most 1000"),
    ({"type": "vote", "page": "a", "helpful": True, "email": "me@x"}, "unknown field 'email'"),
    ({"type": "search", "query": "", "results": 0}, "'query' must be text"),
    ({"type": "search", "query": "x" * 201, "results": 0}, "'query' must be text"),
    ({"type": "search", "query": "x", "results": -1}, "'results' must be a whole number"),
    ({"type": "search", "query": "x", "results": 0, "locale": "<script>"}, "'locale' must be a language code"),
])
def test_schema_errors_are_400_with_a_reason(app, body, message):
    answer = call(app, body=body)
    assert answer["status"] == 400
    assert json.loads(answer["body"])["error"].startswith(message)
    assert rows(app) == []


def test_other_answer_codes(app):
    assert call(app, method="GET")["status"] == 405
    assert call(app, method="PUT", body=VOTE)["headers"]["Allow"] == "POST, OPTIONS"
    assert call(app, body=b"x" * 5000)["status"] == 413
    assert call(app, body=b"{}", length=100000)["status"] == 413
    assert call(app, body=VOTE, content_type="application/x-www-form-urlencoded")["status"] == 415
    assert call(app, method="GET", path="/api/feedback/health")["status"] == 200
    assert call(app, path="/elsewhere")["status"] == 404


def test_unknown_pages_and_questions_are_422_when_the_site_is_known(tmp_path, fixture_site):
    from tests.conftest import run_cli

    project = fixture_site("full")
    assert run_cli("build", project).exit_code == 0
    app = create_app(tmp_path / "f.sqlite", site=project / "site", rate_limit=0)
    assert call(app, body={**VOTE})["status"] == 204
    assert call(app, body={**VOTE, "page": "billing/nope"})["status"] == 422
    assert call(app, body={**VOTE, "page": "billing/faq", "question": "can-i-pay-by-invoice"})["status"] == 204
    assert call(app, body={**VOTE, "page": "billing/faq", "question": "nope"})["status"] == 422
    assert call(app, body={**VOTE, "page": "account/escalation"})["status"] == 422  # internal: not public


def test_rate_limit_per_client(tmp_path):
    app = create_app(tmp_path / "f.sqlite", rate_limit=3)
    assert [call(app, body=VOTE)["status"] for _ in range(4)] == [204, 204, 204, 429]
    assert call(app, body=VOTE, client="10.0.0.2")["status"] == 204


def test_cors_preflight_for_allowed_origins_only(tmp_path):
    app = create_app(tmp_path / "f.sqlite", allow_origins=["https://help.example.com"])
    allowed = call(app, method="OPTIONS", origin="https://help.example.com")
    assert allowed["status"] == 204
    assert allowed["headers"]["Access-Control-Allow-Origin"] == "https://help.example.com"
    other = call(app, method="OPTIONS", origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other["headers"]


def test_sql_and_path_like_ids_are_stored_as_text(app):
    for page in ["x'); DROP TABLE events;--", "../../etc/passwd", "billing/refunds?x=1"]:
        assert call(app, body={**VOTE, "page": page})["status"] == 204
    assert [r["page"] for r in rows(app)] == ["x'); DROP TABLE events;--", "../../etc/passwd", "billing/refunds?x=1"]


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
                           max_leaves=10)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"type": st.sampled_from(["vote", "search", "x"])},
                          optional={"page": json_values, "helpful": json_values, "question": json_values,
                                    "reason": json_values, "comment": json_values, "query": json_values,
                                    "results": json_values, "locale": json_values, "id": json_values,
                                    "clicked": json_values}).map(lambda v: json.dumps(v).encode()),
    # Valid votes that share a few ids: upserts in every order, with odd reasons and comments.
    st.fixed_dictionaries({"type": st.just("vote"), "page": st.just("billing/refunds"), "helpful": st.booleans(),
                           "id": st.sampled_from(["aaaaaaaa", "bbbbbbbb-1", "c" * 64])},
                          optional={"reason": st.sampled_from(["unclear", "other", None]), "comment": json_values,
                                    "question": st.sampled_from(["can-i-pay", None])}).map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"type": st.just("searches"),
                           "items": st.lists(st.one_of(json_values, st.fixed_dictionaries(
                               {"query": json_values, "results": json_values}, optional={"clicked": json_values})),
                               max_size=22)},
                          optional={"locale": json_values}).map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"type": st.just("flow"), "flow": json_values, "steps": json_values, "outcome": json_values},
                          optional={"article": json_values, "locale": json_values}).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, content_type=st.sampled_from(["application/json", "text/plain", "text/html", ""]),
       method=st.sampled_from(["POST", "GET", "PUT", "OPTIONS", "DELETE"]))
def test_no_input_produces_a_5xx(app, body, content_type, method):
    answer = call(app, method=method, body=body, content_type=content_type)
    assert answer["status"] < 500
    if answer["status"] >= 400 and answer["status"] != 404:
        assert "error" in json.loads(answer["body"])


@pytest.fixture
def pg_app(pg_database):
    """One app on one PostgreSQL database for all of hypothesis' examples (a database each is slow)."""
    app = create_app(pg_database(), rate_limit=0)
    yield app
    app.store.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_no_input_produces_a_5xx_on_postgresql_either(pg_app, body):
    answer = call(pg_app, body=body, content_type="text/plain")
    assert answer["status"] < 500, answer
