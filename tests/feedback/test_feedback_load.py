"""bench/feedback_load.py, short: 500 votes from 16 keep-alive clients per configuration (SQLite with one
instance, PostgreSQL with two), every acknowledged vote stored. `pytest -s` shows the figures."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "feedback_load.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("feedback_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.mark.parametrize("config", ["sqlite", "postgresql-2"])
def test_a_short_load_stores_every_acknowledged_vote(config, bench, request, tmp_path):
    kind, instances = bench.CONFIGS[config]
    db = str(tmp_path / "feedback.sqlite") if kind == "sqlite" else request.getfixturevalue("pg_database")()
    result = bench.run(db, instances, votes=500, clients=16, seconds=30)
    print(f"\n{config}, {instances} instance(s): {result.rate:.0f} votes/s, p50 {result.p50:.1f} ms, "
          f"p99 {result.p99:.1f} ms ({result.acknowledged} votes)")
    assert result.errors == []
    assert result.acknowledged == 500
    assert result.missing == []
