"""The endpoint against what the open internet sends it, and `kbgen feedback` against operator
mistakes: every case a 4xx (or exit status 2) with a reason, nothing stored, no traceback."""
from __future__ import annotations

import http.client
import json
import socket
import sqlite3
import subprocess
import sys

import pytest

from kbgen.feedback import create_app
from tests.conftest import run_cli
from tests.feedback.test_durability import free_port, start
from tests.feedback.test_endpoint import VOTE, call, rows

SURROGATE = "\ud800"


@pytest.mark.parametrize("event, field", [
    ({**VOTE, "comment": "half a pair " + SURROGATE}, "comment"),
    ({**VOTE, "page": "billing/" + SURROGATE}, "page"),
    ({"type": "search", "query": SURROGATE + " refund", "results": 0}, "query"),
    ({**VOTE, "locale": SURROGATE}, "locale"),
    ({"type": "flow", "flow": "a/b", "steps": ["start", "x" + SURROGATE], "outcome": "left"}, "steps"),
])
def test_a_lone_surrogate_in_any_text_is_a_400(tmp_path, event, field):
    app = create_app(tmp_path / "f.sqlite", rate_limit=0)
    body = json.dumps(event).encode()  # json.dumps writes the lone half as the escape \ud800
    assert b"\\ud800" in body
    answer = call(app, body=body)
    assert answer["status"] == 400
    assert json.loads(answer["body"])["error"].startswith(f"'{field}' is not valid text")
    assert rows(app) == [] and app.store.flow_visits() == []
    assert call(app, body={**VOTE, "comment": "a whole pair \U0001F600"})["status"] == 204  # an emoji is fine


@pytest.mark.parametrize("body", [b"[" * 1000 + b"]" * 1000, b"[" * 2000 + b"]" * 2000,
                                  b'{"type": "vote", "page": ' + b"[" * 1900 + b"]" * 1900 + b"}"])
def test_json_nested_a_thousand_deep_is_a_400(tmp_path, body):
    app = create_app(tmp_path / "f.sqlite", rate_limit=0)
    answer = call(app, body=body)
    assert answer["status"] == 400, answer
    assert "nested too deeply" in json.loads(answer["body"])["error"]
    assert rows(app) == []


def test_a_post_from_an_origin_not_allowed_is_refused_and_not_stored(tmp_path):
    app = create_app(tmp_path / "f.sqlite", allow_origins=["https://help.example.com/"], rate_limit=0)
    refused = call(app, body=VOTE, content_type="text/plain", origin="https://evil.example")
    assert refused["status"] == 403 and "may not send events" in json.loads(refused["body"])["error"]
    assert rows(app) == []
    assert call(app, body=VOTE, content_type="text/plain", origin="https://help.example.com")["status"] == 204
    assert call(app, body=VOTE, content_type="text/plain", origin="HTTPS://HELP.EXAMPLE.COM")["status"] == 204
    assert call(app, body=VOTE)["status"] == 204  # no Origin: not sent by a web page
    assert len(rows(app)) == 3
    anyone = create_app(tmp_path / "g.sqlite", rate_limit=0)  # no allow-list: any page may post
    assert call(anyone, body=VOTE, origin="https://elsewhere.example")["status"] == 204


def test_the_hosts_own_pages_may_post_besides_the_allow_list(tmp_path):
    app = create_app(tmp_path / "f.sqlite", allow_origins=["https://help.example.com"], rate_limit=0)

    def from_page(origin):
        environ_extra = {"HTTP_HOST": "feedback.example.com", "wsgi.url_scheme": "https"}
        answer = {}
        import io

        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/feedback", "CONTENT_TYPE": "text/plain",
                   "CONTENT_LENGTH": str(len(json.dumps(VOTE))), "wsgi.input": io.BytesIO(json.dumps(VOTE).encode()),
                   "REMOTE_ADDR": "10.0.0.9", "HTTP_ORIGIN": origin, **environ_extra}
        app(environ, lambda status, headers: answer.setdefault("status", int(status.split()[0])))
        return answer["status"]

    assert from_page("https://feedback.example.com") == 204
    assert from_page("http://feedback.example.com") == 403  # another scheme is another origin


def post(port: int, headers: dict | None = None, body: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/api/feedback", body=json.dumps(body or VOTE),
                           headers={"Content-Type": "text/plain", **(headers or {})})
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_trusted_proxy_gives_each_reader_a_rate_limit_and_anyone_else_cannot_spoof_one(tmp_path):
    port = free_port()
    server = start(tmp_path / "f.sqlite", port, "--rate-limit", "2", "--trusted-proxy", "127.0.0.1")
    try:
        first = [post(port, {"X-Forwarded-For": "203.0.113.7"}) for _ in range(3)]
        second = [post(port, {"X-Forwarded-For": "198.51.100.4"}) for _ in range(2)]
        assert (first, second) == ([204, 204, 429], [204, 204])  # two readers behind one proxy, a limit each
    finally:
        server.terminate()
        server.wait()
    port = free_port()
    server = start(tmp_path / "g.sqlite", port, "--rate-limit", "2", "--trusted-proxy", "10.9.9.9")
    try:  # the headers come from 127.0.0.1, which is not the trusted proxy: they are ignored
        spoofed = [post(port, {"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(3)]
        assert spoofed == [204, 204, 429]
    finally:
        server.terminate()
        server.wait()


def test_150_idle_connections_do_not_stop_a_readers_vote(tmp_path):
    port = free_port()
    server = start(tmp_path / "f.sqlite", port)
    idle = []
    try:
        # Each connection asks once and is kept open: the server has accepted it and now holds it idle
        # (no guess at how long accepting takes). With waitress' 100 the 101st is never answered.
        for _ in range(150):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/api/feedback/health")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            idle.append(connection)
        assert post(port) == 204
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/api/feedback/health")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        for sock in idle:
            sock.close()
        server.terminate()
        server.wait()
    assert sqlite3.connect(tmp_path / "f.sqlite").execute("SELECT count(*) FROM events").fetchone() == (1,)


def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_operator_mistakes_exit_2_with_one_line(tmp_path):
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("these are notes, not a database\n")
    assert "is not a feedback database" in one_line_error(run_cli("feedback", "report", "--db", not_a_db))
    assert "is not a feedback database" in one_line_error(run_cli("feedback", "serve", "--db", not_a_db, "--port", "0"))
    assert "does not exist" in one_line_error(run_cli("feedback", "report", "--db", tmp_path / "none.sqlite"))
    missing = tmp_path / "no" / "such" / "folder" / "f.sqlite"
    assert "the folder" in one_line_error(run_cli("feedback", "serve", "--db", missing, "--port", "0"))
    assert not (tmp_path / "no").exists()  # nothing created on the way
    assert "not an IP address" in one_line_error(run_cli("feedback", "serve", "--db", tmp_path / "f.sqlite",
                                                         "--trusted-proxy", "nginx", "--port", "0"))


def test_a_port_in_use_exits_2_with_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "kbgen", "feedback", "serve", "--db", str(tmp_path / "f.sqlite"),
                                 "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"kbgen: error: cannot listen on 127.0.0.1:{port}: the port is in use " \
                                    "(another server, or an earlier kbgen still running)"
