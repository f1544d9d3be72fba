"""The feedback store's contract, kept alike by SQLite (the embedded default) and PostgreSQL (several
instances sharing one database): what is stored and read back, a vote's later events updating its
row, a batch all or nothing, commits before `add` returns, migrations from older versions run once
however many processes open the database together, and a newer schema refused."""
from __future__ import annotations

import json
import multiprocessing
import sqlite3

import psycopg
import pytest

from kbgen.feedback import FeedbackApp, create_app
from kbgen.feedback.store import SCHEMA_VERSION, Store, is_postgres_url, open_store
from kbgen.feedback.store_postgres import VERSION_TABLE, PostgresStore, redact
from kbgen.feedback.validate import Event

START = 1_790_000_000
EVENT_COLUMNS = {"id", "received", "type", "page", "question", "helpful", "reason", "comment", "query", "results",
                 "locale", "vote_id", "clicked"}
FLOW_COLUMNS = {"id", "received", "flow", "steps", "outcome", "article", "locale"}


@pytest.fixture
def store(backend):
    opened = open_store(backend.new())
    yield opened
    opened.close()


class Kind:
    def __init__(self, name: str):
        self.name = name


def schema(backend, db) -> tuple[int, list[int]]:
    """(the version, the versions migrated one by one) of a database."""
    if backend.name == "sqlite":
        connection = sqlite3.connect(db)
        try:
            return connection.execute("PRAGMA user_version").fetchone()[0], []
        finally:
            connection.close()
    with psycopg.connect(db) as connection:
        versions = [row[0] for row in connection.execute(f"SELECT version FROM {VERSION_TABLE} ORDER BY version")]
    return max(versions, default=0), versions


def tables(backend, db) -> set[str]:
    if backend.name == "sqlite":
        connection = sqlite3.connect(db)
        try:
            return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
                    if not row[0].startswith("sqlite_")}
        finally:
            connection.close()
    with psycopg.connect(db) as connection:
        return {row[0] for row in connection.execute(
            "SELECT relname FROM pg_class JOIN pg_namespace n ON n.oid = relnamespace "
            "WHERE nspname = 'public' AND relkind IN ('r', 'i') AND relname NOT LIKE '%%\\_pkey'")} - {VERSION_TABLE}


# --- what is stored --------------------------------------------------------------------------------

def test_events_and_visits_read_back_alike(store):
    store.add(Event("vote", page="billing/refunds", helpful=False, reason="unclear", comment="Zu kurz ✓", locale="de"),
              received=START)
    store.add(Event("vote", page="faq/billing", question="can-i-pay-by-card", helpful=True, locale="en",
                    vote_id="v-12345678"), received=START + 1.9)
    store.add(Event("search", query="zeppelin", results=0, locale="en", clicked=None), received=START + 2)
    store.add(Event("search", query="refund", results=3, clicked="/billing/refunds/"), received=START + 3)
    store.add(Event("flow", flow="account/locked-out", steps=("app-running", "reset", "app-running"), outcome="article",
                    article="account/reset-password", locale="en"), received=START + 4)
    rows = store.events()
    assert [set(dict(row)) for row in rows] == [EVENT_COLUMNS] * 4
    assert [(r["received"], r["type"], r["page"], r["question"], r["helpful"], r["reason"], r["comment"], r["query"],
             r["results"], r["locale"], r["vote_id"], r["clicked"]) for r in rows] == [
        (START, "vote", "billing/refunds", None, 0, "unclear", "Zu kurz ✓", None, None, "de", None, None),
        (START + 1, "vote", "faq/billing", "can-i-pay-by-card", 1, None, None, None, None, "en", "v-12345678", None),
        (START + 2, "search", None, None, None, None, None, "zeppelin", 0, "en", None, None),
        (START + 3, "search", None, None, None, None, None, "refund", 3, None, None, "/billing/refunds/"),
    ]
    assert [type(r["helpful"]) for r in rows] == [int, int, type(None), type(None)]
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids) and len(set(ids)) == 4
    visits = store.flow_visits()
    assert [set(dict(v)) for v in visits] == [FLOW_COLUMNS]
    (visit,) = visits
    assert isinstance(visit["steps"], str) and json.loads(visit["steps"]) == ["app-running", "reset", "app-running"]
    assert (visit["received"], visit["flow"], visit["outcome"], visit["article"], visit["locale"]) == (
        START + 4, "account/locked-out", "article", "account/reset-password", "en")


def test_an_empty_store_reads_empty(store):
    assert list(store.events()) == [] and list(store.flow_visits()) == []


def test_a_vote_id_updates_its_vote(store):
    first = Event("vote", page="billing/refunds", helpful=False, vote_id="vote-aaaa1111")
    store.add(first, received=START)
    store.add(Event("vote", page="billing/refunds", helpful=False, reason="unclear", comment="Which button?",
                    vote_id="vote-aaaa1111"), received=START + 60)

    def vote() -> tuple:
        (row,) = [r for r in store.events() if r["vote_id"] == "vote-aaaa1111"]
        return row["received"], row["helpful"], row["reason"], row["comment"]

    assert vote() == (START, 0, "unclear", "Which button?")  # received stays the first
    store.add(Event("vote", page="billing/refunds", helpful=False, vote_id="vote-aaaa1111"), received=START + 70)
    assert vote() == (START, 0, "unclear", "Which button?")  # a No without a reason keeps the one given
    store.add(Event("vote", page="billing/refunds", helpful=False, reason="outdated", vote_id="vote-aaaa1111"))
    assert vote() == (START, 0, "outdated", "Which button?")
    store.add(Event("vote", page="billing/refunds", helpful=True, reason="other", comment="x", vote_id="vote-aaaa1111"))
    assert vote() == (START, 1, None, None)  # a Yes clears what the No said
    store.add(Event("vote", page="billing/refunds", helpful=False, vote_id="vote-aaaa1111"))
    assert vote() == (START, 0, None, None)
    # votes without an id, or with another, are votes of their own
    store.add(Event("vote", page="billing/refunds", helpful=False, comment="a"))
    store.add(Event("vote", page="billing/refunds", helpful=False, comment="a"))
    store.add(Event("vote", page="billing/refunds", helpful=True, vote_id="vote-bbbb2222"))
    assert len(store.events()) == 4


def test_a_batch_is_stored_whole_or_not_at_all(store):
    searches = [Event("search", query=f"q{n}", results=0) for n in range(3)]
    broken = Event("flow", flow="f", steps=("a",), outcome="maybe")  # breaks the schema's CHECK
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.CheckViolation)):
        store.add_many([*searches, broken])
    assert list(store.events()) == [] and list(store.flow_visits()) == []
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.CheckViolation)):
        store.add_many([Event("vote", page="p", helpful=True, vote_id="vote-cccc3333"), Event("nonsense", page="p")])
    assert list(store.events()) == []
    store.add_many([*searches, Event("flow", flow="f", steps=("a",), outcome="left")], received=START)
    assert [r["query"] for r in store.events()] == ["q0", "q1", "q2"] and len(store.flow_visits()) == 1
    store.add_many([])  # nothing to store is no error
    assert len(store.events()) == 3


def test_an_event_is_committed_when_add_returns(backend):
    db = backend.new()
    writer, reader = open_store(db), open_store(db)
    try:
        writer.add(Event("vote", page="billing/refunds", helpful=True))
        assert [r["page"] for r in reader.events()] == ["billing/refunds"]  # another connection sees it at once
        writer.add(Event("flow", flow="f", steps=("a",), outcome="solved"))
        assert len(reader.flow_visits()) == 1
    finally:
        writer.close()
        reader.close()
    reopened = open_store(db)  # closed and opened again: nothing lost, nothing migrated twice
    try:
        assert len(reopened.events()) == 1 and len(reopened.flow_visits()) == 1
    finally:
        reopened.close()
    version, steps = schema(backend, db)
    assert version == SCHEMA_VERSION and steps in ([], list(range(1, SCHEMA_VERSION + 1)))


def test_text_is_stored_as_given(store):
    hostile = "Robert'); DROP TABLE events;-- \\ % _ $1 ? :name 😀 \u202e"
    store.add(Event("vote", page=hostile, helpful=False, comment=hostile, locale="en"))
    store.add(Event("search", query=hostile, results=0))
    assert [(r["page"], r["comment"]) for r in store.events()][0] == (hostile, hostile)
    assert store.events()[1]["query"] == hostile


def test_a_nul_character_never_fails_an_event(store):
    # PostgreSQL's text holds no NUL: it is stored as U+FFFD there, as given in SQLite; the event is kept.
    store.add(Event("search", query="a\x00b", results=0))
    assert store.events()[0]["query"] in ("a\x00b", "a\ufffdb")


# --- migrations ------------------------------------------------------------------------------------

SQLITE_V1 = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY, received INTEGER NOT NULL, type TEXT NOT NULL CHECK (type IN ('vote', 'search')),
    page TEXT, question TEXT, helpful INTEGER, reason TEXT, comment TEXT, query TEXT, results INTEGER, locale TEXT
);
CREATE INDEX events_page ON events (page, question);
CREATE INDEX events_received ON events (received);
PRAGMA user_version=1;
"""
POSTGRES_V1 = [
    f"CREATE TABLE {VERSION_TABLE} (version INTEGER PRIMARY KEY, migrated TIMESTAMPTZ NOT NULL DEFAULT now())",
    """CREATE TABLE events (
        id BIGSERIAL PRIMARY KEY, received BIGINT NOT NULL, type TEXT NOT NULL CHECK (type IN ('vote', 'search')),
        page TEXT, question TEXT, helpful SMALLINT, reason TEXT, comment TEXT, query TEXT, results BIGINT, locale TEXT
    )""",
    "CREATE INDEX events_page ON events (page, question)",
    "CREATE INDEX events_received ON events (received)",
    f"INSERT INTO {VERSION_TABLE} (version) VALUES (1)",
]
V1_ROWS = [
    "INSERT INTO events (received, type, page, helpful, reason, comment, locale)"
    f" VALUES ({START}, 'vote', 'billing/refunds', 0, 'unclear', 'Too short', 'en')",
    f"INSERT INTO events (received, type, query, results) VALUES ({START}, 'search', 'zeppelin', 0)",
]


def version_1_database(backend) -> str:
    """A database as kbgen wrote it at schema 1 (before troubleshooters and vote ids), with a vote and a search."""
    db = backend.new()
    if backend.name == "sqlite":
        connection = sqlite3.connect(db)
        connection.executescript(SQLITE_V1)
        for statement in V1_ROWS:
            connection.execute(statement)
        connection.commit()
        connection.close()
    else:
        with psycopg.connect(db) as connection:
            for statement in POSTGRES_V1 + V1_ROWS:
                connection.execute(statement)
    return db


def test_a_version_1_database_migrates_in_place(backend):
    db = version_1_database(backend)
    assert schema(backend, db)[0] == 1
    with open_store(db) as store:
        assert [(r["type"], r["page"], r["helpful"], r["comment"], r["query"], r["vote_id"]) for r in store.events()] == [
            ("vote", "billing/refunds", 0, "Too short", None, None), ("search", None, None, None, "zeppelin", None)]
        store.add(Event("vote", page="billing/refunds", helpful=False, vote_id="vote-dddd4444"), received=START)
        store.add(Event("vote", page="billing/refunds", helpful=False, reason="incomplete", vote_id="vote-dddd4444"))
        store.add(Event("flow", flow="f", steps=("a", "b"), outcome="not_solved"), received=START)
        assert [r["reason"] for r in store.events()] == ["unclear", None, "incomplete"]
        assert len(store.flow_visits()) == 1
    version, steps = schema(backend, db)
    assert version == SCHEMA_VERSION and steps in ([], [1, 2, 3])
    assert {"events_page", "events_received", "flow_visits", "flow_visits_flow", "events_vote_id",
            "events_type_received"} <= tables(backend, db)
    with open_store(db) as reopened:  # a second open migrates nothing and loses nothing
        assert len(reopened.events()) == 3
    assert schema(backend, db) == (version, steps)


def test_the_postgresql_schema_matches_the_sqlite_one(pg_database, tmp_path):
    """Same tables, indexes and columns in the same order: a report reads either alike."""
    lite, db = str(tmp_path / "compare.sqlite"), pg_database()
    open_store(lite).close()
    open_store(db).close()
    connection = sqlite3.connect(lite)
    lite_columns = {table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
                    for table in ("events", "flow_visits")}
    connection.close()
    with psycopg.connect(db) as pg:
        pg_columns = {table: [row[0] for row in pg.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            (table,))] for table in ("events", "flow_visits")}
    assert pg_columns == lite_columns
    assert tables(Kind("postgresql"), db) == tables(Kind("sqlite"), lite)


def _open_and_add(db: str, barrier) -> None:
    """In a child process: wait for the others, then open (and migrate) the database and store a visit."""
    barrier.wait(timeout=60)
    with open_store(db) as store:
        store.add(Event("flow", flow="f", steps=("a",), outcome="left"))


@pytest.mark.parametrize("start", ["fresh", "version 1"])
def test_processes_opening_a_database_together_migrate_it_once(backend, start):
    db = backend.new() if start == "fresh" else version_1_database(backend)
    context = multiprocessing.get_context("spawn")  # no pool threads or connections inherited
    barrier = context.Barrier(6)
    processes = [context.Process(target=_open_and_add, args=(db, barrier)) for _ in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0] * 6
    version, steps = schema(backend, db)
    assert version == SCHEMA_VERSION
    assert steps in ([], list(range(1, SCHEMA_VERSION + 1)) if start == "fresh" else [1, 2, 3])  # one row per step
    with open_store(db) as store:
        assert len(store.flow_visits()) == 6 and len(store.events()) == (0 if start == "fresh" else 2)


def test_a_newer_schema_is_refused(backend):
    db = backend.new()
    open_store(db).close()
    if backend.name == "sqlite":
        connection = sqlite3.connect(db)
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
        connection.commit()
        connection.close()
    else:
        with psycopg.connect(db) as connection:
            connection.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(RuntimeError, match=f"newer kbgen \\(schema {SCHEMA_VERSION + 1}\\)"):
        open_store(db)


# --- opening -------------------------------------------------------------------------------------

def test_open_store_chooses_the_backend(backend):
    db = backend.new()
    with open_store(db) as store:
        assert isinstance(store, PostgresStore if backend.name == "postgresql" else Store)
        app = create_app(store, rate_limit=0)  # an open store of either kind is used as it is
        assert isinstance(app, FeedbackApp) and app.store is store
    app = create_app(db, rate_limit=0)  # and a path or URL is opened
    assert isinstance(app.store, PostgresStore if backend.name == "postgresql" else Store)
    app.store.close()


def test_a_url_is_told_from_a_path(tmp_path):
    assert is_postgres_url("postgresql://kbgen@127.0.0.1:5432/feedback")
    assert is_postgres_url("postgres://kbgen@db/feedback") and is_postgres_url("POSTGRESQL://kbgen@db/feedback")
    assert not is_postgres_url("feedback.sqlite") and not is_postgres_url(str(tmp_path / "postgresql.sqlite"))
    from pathlib import Path

    with pytest.raises(ValueError, match="as text"):
        open_store(Path("postgresql://kbgen@db/feedback"))  # a Path collapsed its //: never a stray file


def test_the_password_is_never_shown():
    assert redact("postgresql://kb:s3cret@db.example:5432/feedback") == "postgresql://kb:***@db.example:5432/feedback"
    assert redact("postgresql://kb@db/feedback") == "postgresql://kb@db/feedback"
    assert "s3cret" not in redact("postgresql://kb@db/feedback?password=s3cret&sslmode=require")
    assert "sslmode=require" in redact("postgresql://kb@db/feedback?password=s3cret&sslmode=require")
    assert "p@ss" not in redact("postgresql://kb:p@ss@db/feedback")
