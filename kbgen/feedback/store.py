"""Feedback events in SQLite (WAL mode). An event is committed before the endpoint answers 204,
so killing the server at any moment loses no acknowledged vote."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from .validate import Event

SCHEMA_VERSION = 2
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
}


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
            connection.execute("PRAGMA journal_mode=WAL")
            # WAL with synchronous=NORMAL: a commit survives the process being killed (the promise here);
            # only an operating-system crash or power loss could lose the last commits.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=10000")
            self._migrate(connection)
            self._local.connection = connection
        return connection

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
        if event.type == "flow":
            self._connection().execute(
                "INSERT INTO flow_visits (received, flow, steps, outcome, article, locale) VALUES (?, ?, ?, ?, ?, ?)",
                (int(received if received is not None else time.time()), event.flow,
                 json.dumps(list(event.steps or ()), ensure_ascii=False), event.outcome, event.article, event.locale),
            )
            return
        self._connection().execute(
            "INSERT INTO events (received, type, page, question, helpful, reason, comment, query, results, locale)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (int(received if received is not None else time.time()), event.type, event.page, event.question,
             None if event.helpful is None else int(event.helpful), event.reason, event.comment, event.query,
             event.results, event.locale),
        )

    def events(self) -> list[sqlite3.Row]:
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
