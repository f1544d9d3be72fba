"""Feedback events in PostgreSQL, for several endpoint instances behind a load balancer sharing one
database: `--db postgresql://user@host:port/dbname`. The same contract as the SQLite `Store`: the same
tables and logical schema versions, a vote's later events update its row, and an event is committed
before `add` returns (PostgreSQL's commit: the WAL is flushed first, under its default settings).

Connections come from a psycopg_pool pool, one per request. Migrations run once however many
instances start at the same time: each step takes a transaction-level advisory lock and reads the
version again under it, and PostgreSQL's DDL is transactional, so an interrupted step leaves the
previous version intact.
"""
from __future__ import annotations

import json
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from .store import SCHEMA_VERSION
from .validate import Event

VERSION_TABLE = "kbgen_feedback_schema"  # one row per migration applied: its version and when
# The key of the advisory lock that serializes migrations (advisory locks are per database).
MIGRATION_LOCK = 0x6B62_6765_6E46_4231  # "kbgenFB1"
CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise (libpq waits forever by default)

# The logical versions of store.MIGRATIONS with PostgreSQL's types: ids are BIGSERIAL, unix seconds
# BIGINT (SQLite's INTEGER is 64 bits), `helpful` SMALLINT 0/1 (it reads back as SQLite's does) and
# `steps` the JSON text. A published migration is never edited: a new version adds its own.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE events (
            id BIGSERIAL PRIMARY KEY,
            received BIGINT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('vote', 'search')),
            page TEXT, question TEXT, helpful SMALLINT, reason TEXT, comment TEXT,
            query TEXT, results BIGINT, locale TEXT
        )""",
        "CREATE INDEX events_page ON events (page, question)",
        "CREATE INDEX events_received ON events (received)",
    ),
    2: (
        """CREATE TABLE flow_visits (
            id BIGSERIAL PRIMARY KEY,
            received BIGINT NOT NULL,
            flow TEXT NOT NULL,
            steps TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('solved', 'not_solved', 'contact', 'article', 'left')),
            article TEXT,
            locale TEXT
        )""",
        "CREATE INDEX flow_visits_flow ON flow_visits (flow, received)",
    ),
    3: (
        "ALTER TABLE events ADD COLUMN vote_id TEXT",
        "ALTER TABLE events ADD COLUMN clicked TEXT",
        "CREATE UNIQUE INDEX events_vote_id ON events (vote_id) WHERE vote_id IS NOT NULL",
        "CREATE INDEX events_type_received ON events (type, received)",
    ),
}
assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1)), "a PostgreSQL migration per schema version"

# store._VOTE_UPSERT in PostgreSQL: a Yes clears what a No said; a No without a reason keeps the one given before.
_VOTE_UPSERT = """
    INSERT INTO events (received, type, page, question, helpful, reason, comment, query, results, locale, vote_id, clicked)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (vote_id) WHERE vote_id IS NOT NULL DO UPDATE SET
        helpful = EXCLUDED.helpful,
        reason = CASE WHEN EXCLUDED.helpful <> 0 THEN NULL ELSE COALESCE(EXCLUDED.reason, events.reason) END,
        comment = CASE WHEN EXCLUDED.helpful <> 0 THEN NULL ELSE COALESCE(EXCLUDED.comment, events.comment) END
"""
_FLOW_INSERT = "INSERT INTO flow_visits (received, flow, steps, outcome, article, locale) VALUES (%s, %s, %s, %s, %s, %s)"


class CannotConnect(Exception):
    """The server cannot be reached or refuses us (down, bad credentials, no such database, a malformed
    URL). The message is one line without the password."""


def redact(url: str) -> str:
    """`url` with its password (in the user part or a `password=` parameter) shown as ***."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            user, _, hosts = netloc.rpartition("@")
            if ":" in user:
                user = user.split(":", 1)[0] + ":***"
            netloc = f"{user}@{hosts}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(key == "password" for key, _ in pairs):
                query = urlencode([(key, "***" if key == "password" else value) for key, value in pairs], safe="*/")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # not even a URL: show its scheme only
        return url.split("://", 1)[0] + "://..."


def _password(url: str) -> str | None:
    try:
        return conninfo_to_dict(url).get("password")
    except psycopg.Error:
        return None


def _one_line(exc: BaseException, secret: str | None = None) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text.replace(secret, "***") if secret else text


def _text(value: str | None) -> str | None:
    # PostgreSQL's text cannot hold NUL, which SQLite keeps: stored as U+FFFD rather than failing the event.
    return value.replace("\x00", "\ufffd") if value and "\x00" in value else value


class PostgresStore:
    """`url`: a libpq URL (postgresql://user[:password]@host[:port]/dbname[?param=value...]); libpq's
    environment (PGPASSWORD, ~/.pgpass, PGSSLMODE, ...) applies as usual. Raises CannotConnect when the
    server cannot be reached, RuntimeError when the database was written by a newer kbgen."""

    def __init__(self, url: str, min_size: int = 1, max_size: int = 10, timeout: float = 10.0):
        self.url = url
        self.path = redact(url)  # what messages show (the SQLite store's `path`)
        secret = _password(url)
        try:
            params = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise CannotConnect(_one_line(exc, secret)) from None
        params.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
        params.setdefault("application_name", "kbgen-feedback")
        self._conninfo = make_conninfo(**params)
        try:
            with psycopg.connect(self._conninfo, autocommit=True) as connection:
                self._migrate(connection)
        except psycopg.OperationalError as exc:
            raise CannotConnect(_one_line(exc, secret)) from None
        # check: a connection the server dropped since (a restart, an idle timeout) is replaced before
        # it is handed out, so a request never fails on a stale connection.
        # autocommit: one event is one statement, committed when it returns (one round trip, not a BEGIN,
        # the statement and a COMMIT); several are one explicit transaction.
        self._pool = ConnectionPool(self._conninfo, min_size=min_size, max_size=max_size, timeout=timeout,
                                    kwargs={"autocommit": True}, open=True, name="kbgen-feedback",
                                    check=ConnectionPool.check_connection)

    # --- schema ----------------------------------------------------------------------------------

    def _version(self, connection: psycopg.Connection) -> int:
        exists = connection.execute("SELECT to_regclass(%s)", (VERSION_TABLE,)).fetchone()[0]
        if exists is None:
            return 0
        return connection.execute(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}").fetchone()[0]

    def _check(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer kbgen (schema {version})")

    def _migrate(self, connection: psycopg.Connection) -> None:
        version = self._version(connection)  # up to date: no lock taken (the usual start)
        self._check(version)
        while version < SCHEMA_VERSION:
            with connection.transaction():
                # Every instance starting now waits here; the first one migrates and the others,
                # reading the version again under the lock, find nothing left to do.
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                connection.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} ("
                                   "version INTEGER PRIMARY KEY, migrated TIMESTAMPTZ NOT NULL DEFAULT now())")
                version = self._version(connection)
                self._check(version)
                if version < SCHEMA_VERSION:
                    version += 1
                    for statement in MIGRATIONS[version]:
                        connection.execute(statement)
                    connection.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (version,))

    # --- the Store contract ----------------------------------------------------------------------

    def add(self, event: Event, received: float | None = None) -> None:
        """Store (and commit) one event: a troubleshooter visit in flow_visits, anything else in events."""
        self.add_many([event], received)

    def add_many(self, events: list[Event], received: float | None = None) -> None:
        """Store several events in one transaction (a batch of searches): all of them or none."""
        stamp = int(received if received is not None else time.time())
        if not events:
            return
        with self._pool.connection() as connection:
            if len(events) == 1:
                self._insert(connection, events[0], stamp)  # autocommit: committed when it returns
                return
            with connection.transaction():  # committed at the end of the block, or rolled back
                for event in events:
                    self._insert(connection, event, stamp)

    @staticmethod
    def _insert(connection: psycopg.Connection, event: Event, stamp: int) -> None:
        if event.type == "flow":
            connection.execute(_FLOW_INSERT, (stamp, _text(event.flow),
                                              json.dumps(list(event.steps or ()), ensure_ascii=False),
                                              _text(event.outcome), _text(event.article), _text(event.locale)))
            return
        connection.execute(
            _VOTE_UPSERT,
            (stamp, _text(event.type), _text(event.page), _text(event.question),
             None if event.helpful is None else int(event.helpful), _text(event.reason), _text(event.comment),
             _text(event.query), event.results, _text(event.locale), _text(event.vote_id), _text(event.clicked)),
        )

    def events(self) -> list[dict]:
        """Rows of events in the order stored, by column name (row["helpful"]: 0, 1 or None)."""
        return self._rows("SELECT * FROM events ORDER BY id")

    def flow_visits(self) -> list[dict]:
        """Troubleshooter visits in the order received; `steps` is the JSON text of the list of step ids."""
        return self._rows("SELECT * FROM flow_visits ORDER BY id")

    def _rows(self, query: str) -> list[dict]:
        with self._pool.connection() as connection:
            with connection.cursor(row_factory=dict_row) as cursor:
                return cursor.execute(query).fetchall()

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> "PostgresStore":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self.path!r})"
