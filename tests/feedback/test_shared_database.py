"""Several `kbgen feedback serve` instances sharing one database (PostgreSQL, or a SQLite file on one
host): killing one mid-load loses no vote it acknowledged, and the other goes on. And the operator's
mistakes with a postgresql:// --db: one line, exit 2, never the password."""
from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request

import psycopg

from kbgen.feedback.store import SCHEMA_VERSION, open_store
from kbgen.feedback.store_postgres import VERSION_TABLE
from kbgen.feedback.validate import Event

from ..conftest import run_cli
from .postgres import free_port as free_pg_port
from .test_durability import free_port, start
from .test_hostile import one_line_error

WORKERS, VOTES_EACH = 8, 300
BEFORE_KILL, AFTER_KILL = 300, 300  # acknowledged votes before the kill, and by the survivor after it


def test_killing_one_of_two_instances_loses_no_acknowledged_vote(backend):
    db = backend.new()
    ports = [free_port(), free_port()]
    servers = [start(db, port) for port in ports]
    acknowledged: list[tuple[int, str]] = []  # (instance, marker)
    after_kill: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    killed = threading.Event()

    def send(worker: int) -> None:
        alive = [0, 1]
        for n in range(VOTES_EACH):
            target = alive[(worker + n) % len(alive)]
            marker = f"w{worker}-{n}-{target}"
            body = json.dumps({"type": "vote", "page": "billing/refunds", "helpful": False, "comment": marker}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{ports[target]}/api/feedback", data=body,
                                             headers={"Content-Type": "text/plain"})
            was_killed = killed.is_set()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    if response.status == 204:
                        with lock:
                            acknowledged.append((target, marker))
                            if was_killed:
                                after_kill.append(marker)
            except (OSError, urllib.error.URLError) as exc:
                if target == 0 and killed.is_set():
                    if 0 in alive:
                        alive.remove(0)  # the killed instance: the balancer sends the rest to the other
                    continue
                with lock:
                    failures.append(f"{marker}: {exc}")
                return

    threads = [threading.Thread(target=send, args=(w,)) for w in range(WORKERS)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < BEFORE_KILL and any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            time.sleep(0.005)
        killed.set()
        os.kill(servers[0].pid, signal.SIGKILL)
        servers[0].wait()
        for t in threads:
            t.join(timeout=120)
    finally:
        for server in servers:
            if server.poll() is None:
                server.terminate()
                server.wait()
    assert failures == []
    assert len([m for i, m in acknowledged if i == 0]) >= BEFORE_KILL // 4  # the killed one had its share
    assert len(after_kill) >= AFTER_KILL  # and the other went on
    with open_store(db) as store:
        stored = {row["comment"] for row in store.events()}
    missing = [m for _, m in acknowledged if m not in stored]
    assert missing == []
    assert len(stored) >= len(acknowledged)  # a vote in flight at the kill may be stored unacknowledged


# --- postgresql:// on the command line -----------------------------------------------------------

def test_an_unreachable_server_is_one_line(pg_cluster):
    closed = free_pg_port()  # nothing listens there
    url = f"postgresql://kbgen:s3cret-pw@127.0.0.1:{closed}/feedback"
    for command in (["feedback", "serve", "--db", url, "--port", "0"], ["feedback", "report", "--db", url]):
        line = one_line_error(run_cli(*command))
        assert line.startswith(f"kbgen: error: --db postgresql://kbgen:***@127.0.0.1:{closed}/feedback: cannot connect: ")
        assert "s3cret-pw" not in line and "refused" in line


def test_no_such_database_or_role_is_one_line(pg_cluster):
    line = one_line_error(run_cli("feedback", "report", "--db", pg_cluster.url("no_such_db", password="hunter2")))
    assert ": cannot connect: " in line and '"no_such_db" does not exist' in line and "hunter2" not in line
    line = one_line_error(run_cli("feedback", "serve", "--db", pg_cluster.url("postgres", user="ghost", password="pw1234"),
                                  "--port", "0"))
    assert ": cannot connect: " in line and '"ghost" does not exist' in line and "pw1234" not in line
    line = one_line_error(run_cli("feedback", "report", "--db", "postgresql://kbgen@127.0.0.1:notaport/x"))
    assert ": cannot connect: " in line


def test_a_newer_postgresql_schema_is_one_line(pg_database):
    url = pg_database()
    open_store(url).close()
    with psycopg.connect(url) as connection:
        connection.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    line = one_line_error(run_cli("feedback", "serve", "--db", url, "--port", "0"))
    assert f"newer kbgen (schema {SCHEMA_VERSION + 1})" in line


def test_the_report_reads_postgresql(pg_database, tmp_path):
    """`kbgen feedback report --db postgresql://...` reports what SQLite's would (the report's shape is
    its own tests' business: here, the same output from both stores)."""
    url, lite = pg_database(), str(tmp_path / "same.sqlite")
    now = time.time()
    for db in (url, lite):
        with open_store(db) as store:
            store.add(Event("vote", page="billing/refunds", helpful=False, reason="unclear", comment="Too short",
                            locale="en"), received=now)
            store.add(Event("vote", page="billing/refunds", helpful=True, locale="en"), received=now)
            store.add(Event("search", query="zeppelin", results=0, locale="en"), received=now)
            store.add(Event("flow", flow="account/locked-out", steps=("a", "b"), outcome="solved", locale="en"),
                      received=now)
    from_pg, from_lite = (run_cli("feedback", "report", "--db", db, "--format", "json") for db in (url, lite))
    assert from_pg.exit_code == 0, from_pg.stderr
    assert "billing/refunds" in from_pg.stdout and "zeppelin" in from_pg.stdout and "Too short" in from_pg.stdout
    assert json.loads(from_pg.stdout) == json.loads(from_lite.stdout)


def test_a_unix_socket_url_works(pg_cluster, pg_database):
    name = pg_database().rsplit("/", 1)[1]
    with open_store(pg_cluster.socket_url(name)) as store:
        store.add(Event("vote", page="p", helpful=True))
        assert len(store.events()) == 1


def test_a_restarted_server_loses_no_later_event(pg_cluster, pg_database):
    """Connections the server dropped are replaced before use: the first event after a restart is stored."""
    with open_store(pg_database()) as store:
        store.add(Event("vote", page="p", helpful=True))
        pg_cluster.restart()
        store.add(Event("vote", page="p", helpful=False))
        assert [r["helpful"] for r in store.events()] == [1, 0]
