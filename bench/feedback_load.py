"""Load the feedback endpoint on loopback: votes per second and latency percentiles, per store.

Usage: python bench/feedback_load.py [--clients 16] [--votes 5000] [--seconds 20] [--runs 1]
                                     [--config sqlite,postgresql-1,postgresql-2]

Configurations, one line each:
  sqlite        one `kbgen feedback serve` on a SQLite file (WAL), the embedded default;
  postgresql-1  one instance on PostgreSQL;
  postgresql-2  two instances on one PostgreSQL database, the clients spread over both (the
                load-balanced setup).
PostgreSQL is a throwaway cluster started here from Debian's packages (tests/feedback/postgres.py,
as the tests start it: as `nobody` when run as root, in a temporary folder, with PostgreSQL's durable
defaults), stopped at the end. Each run sends `--votes` votes from `--clients` threads over keep-alive
connections, or as many as `--seconds` allow, each vote carrying a unique comment, and then checks that
every acknowledged vote is stored. Prints the median over the runs of throughput and of the p50/p99
latency; exits 1 if a vote was lost or refused.
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.feedback.postgres import Cluster, free_port  # noqa: E402 - after the path is set

CONFIGS = {"sqlite": ("sqlite", 1), "postgresql-1": ("postgresql", 1), "postgresql-2": ("postgresql", 2)}


@dataclass
class Result:
    rate: float            # acknowledged votes per second
    p50: float             # milliseconds
    p99: float
    acknowledged: int
    missing: list[str] = field(default_factory=list)  # acknowledged but not stored
    errors: list[str] = field(default_factory=list)   # refused or failed requests


def start_server(db: str, port: int, log) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "kbgen", "feedback", "serve", "--db", db, "--port", str(port),
                                "--rate-limit", "0"], stdout=subprocess.DEVNULL, stderr=log, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kbgen feedback serve --db {db} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/feedback/health", timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("kbgen feedback serve did not start")


def run(db: str, instances: int, votes: int, clients: int, seconds: float) -> Result:
    """`instances` endpoints on `db`, `clients` threads (client i posting to instance i mod n)."""
    from kbgen.feedback.store import open_store

    ports = [free_port() for _ in range(instances)]
    with tempfile.TemporaryFile() as log:
        servers = []
        try:
            for port in ports:
                servers.append(start_server(db, port, log))
            latencies: list[float] = []
            acknowledged: list[str] = []
            errors: list[str] = []
            lock = threading.Lock()
            deadline = time.monotonic() + seconds

            def client(number: int) -> None:
                port = ports[number % instances]
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                mine, done = [], []
                for n in range(votes // clients + (number < votes % clients)):
                    if time.monotonic() > deadline:
                        break
                    marker = f"c{number}-{n}"
                    body = json.dumps({"type": "vote", "page": "billing/refunds", "helpful": False, "reason": "unclear",
                                       "comment": f"The steps skip the refund dialog {marker}"}).encode()
                    started = time.perf_counter()
                    try:
                        connection.request("POST", "/api/feedback", body, {"Content-Type": "text/plain"})
                        response = connection.getresponse()
                        response.read()
                    except (OSError, http.client.HTTPException) as exc:
                        with lock:
                            errors.append(f"{marker}: {exc}")
                        connection.close()
                        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                        continue
                    if response.status == 204:
                        mine.append(time.perf_counter() - started)
                        done.append(marker)
                    else:
                        with lock:
                            errors.append(f"{marker}: status {response.status}")
                connection.close()
                with lock:
                    latencies.extend(mine)
                    acknowledged.extend(done)

            threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
        finally:
            for server in servers:
                server.terminate()
                server.wait()
        store = open_store(db)
        try:
            stored = {row["comment"].rsplit(" ", 1)[-1] for row in store.events() if row["comment"]}
        finally:
            store.close()
    latencies.sort()
    if not latencies:
        return Result(0.0, 0.0, 0.0, 0, [], errors)
    return Result(len(latencies) / elapsed, latencies[len(latencies) // 2] * 1000,
                  latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, len(acknowledged),
                  [m for m in acknowledged if m not in stored], errors)


def new_database(kind: str, cluster: Cluster | None, folder: Path, number: int) -> str:
    return str(folder / f"feedback-{number}.sqlite") if kind == "sqlite" else cluster.create_database(f"bench_{number}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--votes", type=int, default=5000, help="votes per run (all clients together)")
    parser.add_argument("--seconds", type=float, default=20, help="at most this long per run")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--config", default=",".join(CONFIGS), help=f"comma-separated, of {', '.join(CONFIGS)}")
    args = parser.parse_args()
    names = [name.strip() for name in args.config.split(",") if name.strip()]
    unknown = [name for name in names if name not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration {unknown[0]!r}")
    cluster = Cluster().start() if any(CONFIGS[name][0] == "postgresql" for name in names) else None
    failed = False
    try:
        with tempfile.TemporaryDirectory() as tmp:
            number = 0
            for name in names:
                kind, instances = CONFIGS[name]
                results = []
                for _ in range(args.runs):
                    number += 1
                    db = new_database(kind, cluster, Path(tmp), number)
                    results.append(run(db, instances, args.votes, args.clients, args.seconds))
                rate, p50, p99 = (statistics.median(getattr(r, key) for r in results) for key in ("rate", "p50", "p99"))
                lost = sum(len(r.missing) for r in results)
                refused = sum(len(r.errors) for r in results)
                failed |= bool(lost or refused)
                votes = "/".join(str(r.acknowledged) for r in results)
                print(f"{name:<13} {instances} instance{'s' if instances > 1 else ' '}: {rate:6.0f} votes/s, "
                      f"p50 {p50:5.1f} ms, p99 {p99:5.1f} ms ({votes} votes, {args.clients} clients; "
                      f"{'all stored' if not lost else f'{lost} LOST'}{f', {refused} failed' if refused else ''})",
                      flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
