"""The feedback store's backends for the tests: SQLite files, and databases in one throwaway
PostgreSQL cluster for the whole session (tests/feedback/postgres.py)."""
from __future__ import annotations

import itertools

import pytest

from .postgres import INSTALL_HINT, Cluster, bin_dir

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    if bin_dir() is None:  # `make test` installs it: a missing PostgreSQL is a broken set-up, not a pass
        pytest.fail(INSTALL_HINT)
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_database(pg_cluster):
    """() -> the URL of a new empty database, test_<n>, in the session's cluster."""
    return lambda: pg_cluster.create_database(f"test_{next(_numbers)}")


class Backend:
    """Fresh databases of one kind: `new()` gives the `--db` of one (a file path or a URL)."""

    def __init__(self, name: str, tmp_path, cluster: Cluster | None, database):
        self.name, self.tmp_path, self.cluster, self._database = name, tmp_path, cluster, database

    def new(self) -> str:
        if self.name == "sqlite":
            return str(self.tmp_path / f"feedback-{next(_numbers)}.sqlite")
        return self._database()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    if request.param == "sqlite":
        return Backend("sqlite", tmp_path, None, None)
    cluster = request.getfixturevalue("pg_cluster")
    return Backend("postgresql", tmp_path, cluster, request.getfixturevalue("pg_database"))
