"""Feedback events in SQLite (WAL mode). An event is committed before the endpoint answers 204,
so killing the server at any moment loses no acknowledged vote."""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from .validate import Event

SCHEMA_VERSION = 1
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
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # One transaction per step: a crash mid-migration leaves the previous version intact.
            connection.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[target]}\nPRAGMA user_version={target};\nCOMMIT;")

    def add(self, event: Event, received: float | None = None) -> None:
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
