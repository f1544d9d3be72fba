"""Feedback events in SQLite (WAL mode), the embedded default. An event is committed before the
endpoint answers 204, so killing the server at any moment loses no acknowledged vote.

`open_store` opens the store a `--db` names: this one for a file, the PostgreSQL store
(store_postgres.py: the same contract, for several instances sharing one database) for a
postgresql:// URL."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .validate import Event

if TYPE_CHECKING:
    from .store_postgres import PostgresStore

SCHEMA_VERSION = 3
# A migration is a list of statements separated by ";" (none may contain one in a string or comment);
# a published migration is never edited: a new version adds its own.
MIGRATIONS = {
    1: """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        received INTEGER NOT NULL,          -- unix seconds
        type TEXT NOT NULL CHECK (type IN ('vote', 'search')),
        page TEXT, question TEXT, helpful INTEGER, reason TEXT, comment TEXT,
        query TEXT, results INTEGER, locale TEXT
    );
    CREATE INDEX events_page ON events (page, question);
    CREATE INDEX events_received ON events (received);
    """,
    2: """
    CREATE TABLE flow_visits (             -- one per troubleshooter visit, sent when the reader leaves
        id INTEGER PRIMARY KEY,
        received INTEGER NOT NULL,          -- unix seconds
        flow TEXT NOT NULL,
        steps TEXT NOT NULL,                -- JSON array of the step ids visited, in order
        outcome TEXT NOT NULL CHECK (outcome IN ('solved', 'not_solved', 'contact', 'article', 'left')),
        article TEXT,                       -- outcome 'article': the article followed, when known
        locale TEXT
    );
    CREATE INDEX flow_visits_flow ON flow_visits (flow, received);
    """,
    3: """
    ALTER TABLE events ADD COLUMN vote_id TEXT;   -- a vote's own id: its reason and comment complete it
    ALTER TABLE events ADD COLUMN clicked TEXT;   -- a search: the result the reader opened, if any
    CREATE UNIQUE INDEX events_vote_id ON events (vote_id) WHERE vote_id IS NOT NULL;
    CREATE INDEX events_type_received ON events (type, received);
    """,
}

# A vote's later events (its reason and comment, a changed answer) update its row: the answer
# counts once. A Yes clears what a No said; a No without a reason keeps the one given before.
_VOTE_UPSERT = """
    INSERT INTO events (received, type, page, question, helpful, reason, comment, query, results, locale, vote_id, clicked)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (vote_id) WHERE vote_id IS NOT NULL DO UPDATE SET
        helpful = excluded.helpful,
        reason = CASE WHEN excluded.helpful THEN NULL ELSE COALESCE(excluded.reason, events.reason) END,
        comment = CASE WHEN excluded.helpful THEN NULL ELSE COALESCE(excluded.comment, events.comment) END
"""


class Store:
    def __init__(self, path: Path | str):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connection()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=True)
            self._wal(connection)
            # WAL with synchronous=NORMAL: a commit survives the process being killed (the promise here);
            # only an operating-system crash or power loss could lose the last commits.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=10000")
            self._migrate(connection)
            self._local.connection = connection
        return connection

    @staticmethod
    def _wal(connection: sqlite3.Connection, timeout: float = 10) -> None:
        # Switching a new file to WAL answers "database is locked" at once, without waiting as the busy
        # timeout would, while another process is switching it too (several instances starting together).
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer kbgen (schema {version})")
        while version < SCHEMA_VERSION:
            # One transaction per step: a crash mid-migration leaves the previous version intact. The
            # version is read again under the write lock: another process may have migrated meanwhile.
            connection.execute("BEGIN IMMEDIATE")
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version < SCHEMA_VERSION:
                    version += 1
                    for statement in MIGRATIONS[version].split(";"):
                        if statement.strip():
                            connection.execute(statement)
                    connection.execute(f"PRAGMA user_version={version}")
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    def add(self, event: Event, received: float | None = None) -> None:
        """Store (and commit) one event: a troubleshooter visit in flow_visits, anything else in events."""
        self.add_many([event], received)

    def add_many(self, events: list[Event], received: float | None = None) -> None:
        """Store several events in one transaction (a batch of searches): all of them or none."""
        connection = self._connection()
        stamp = int(received if received is not None else time.time())
        connection.execute("BEGIN IMMEDIATE")
        try:
            for event in events:
                self._insert(connection, event, stamp)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    @staticmethod
    def _insert(connection: sqlite3.Connection, event: Event, stamp: int) -> None:
        if event.type == "flow":
            connection.execute(
                "INSERT INTO flow_visits (received, flow, steps, outcome, article, locale) VALUES (?, ?, ?, ?, ?, ?)",
                (stamp, event.flow, json.dumps(list(event.steps or ()), ensure_ascii=False), event.outcome, event.article,
                 event.locale),
            )
            return
        connection.execute(
            _VOTE_UPSERT,
            (stamp, event.type, event.page, event.question, None if event.helpful is None else int(event.helpful),
             event.reason, event.comment, event.query, event.results, event.locale, event.vote_id, event.clicked),
        )

    def events(self) -> list[sqlite3.Row]:
        """Rows of events in the order stored, by column name (row["helpful"]: 0, 1 or None)."""
        connection = self._connection()
        connection.row_factory = sqlite3.Row
        try:
            return connection.execute("SELECT * FROM events ORDER BY id").fetchall()
        finally:
            connection.row_factory = None

    def flow_visits(self) -> list[sqlite3.Row]:
        """Troubleshooter visits in the order received; `steps` is the JSON text of the list of step ids."""
        connection = self._connection()
        connection.row_factory = sqlite3.Row
        try:
            return connection.execute("SELECT * FROM flow_visits ORDER BY id").fetchall()
        finally:
            connection.row_factory = None

    def close(self) -> None:
        """Close this thread's connection (another call reopens one)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            self._local.connection = None
            connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"


def is_postgres_url(db: object) -> bool:
    """A postgresql:// (or postgres://) URL, as text: a Path would have collapsed its "//"."""
    return isinstance(db, str) and db[:13].lower().startswith(("postgresql://", "postgres://"))


def open_store(db: "str | Path") -> Union[Store, "PostgresStore"]:
    """The store `db` names: PostgreSQL for a postgresql:// or postgres:// URL, else a SQLite file.
    Raises RuntimeError for a database of a newer kbgen; for PostgreSQL, store_postgres.CannotConnect
    when the server cannot be reached."""
    if is_postgres_url(db):
        from .store_postgres import PostgresStore  # psycopg is imported only by those who use it

        return PostgresStore(db)
    if isinstance(db, Path) and str(db).lower().startswith(("postgresql:/", "postgres:/")):
        raise ValueError(f"{db}: give a PostgreSQL URL as text, not as a Path (a Path collapses its '//')")
    return Store(db)
