"""Load the feedback endpoint on loopback: votes per second and latency percentiles.

Usage: python bench/feedback_load.py [--clients 16] [--votes 4000] [--runs 3]

Starts `kbgen feedback serve` (waitress, SQLite in WAL mode) on a free loopback port, sends
`--votes` votes from `--clients` threads over keep-alive connections, and prints the median
over the runs of throughput and of the p50/p99 latency. Every vote is checked to be stored.
"""
from __future__ import annotations

import argparse
import http.client
import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BODY = json.dumps({"type": "vote", "page": "billing/refunds", "helpful": False, "reason": "unclear",
                   "comment": "The steps skip the refund dialog"}).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_once(votes: int, clients: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db, port = Path(tmp) / "feedback.sqlite", free_port()
        server = subprocess.Popen([sys.executable, "-m", "kbgen", "feedback", "serve", "--db", str(db), "--port", str(port),
                                   "--rate-limit", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            latencies: list[float] = []
            lock = threading.Lock()
            per_client = votes // clients

            def client() -> None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                mine = []
                for _ in range(per_client):
                    started = time.perf_counter()
                    connection.request("POST", "/api/feedback", BODY, {"Content-Type": "text/plain"})
                    response = connection.getresponse()
                    response.read()
                    if response.status != 204:
                        raise SystemExit(f"unexpected status {response.status}")
                    mine.append(time.perf_counter() - started)
                connection.close()
                with lock:
                    latencies.extend(mine)

            threads = [threading.Thread(target=client) for _ in range(clients)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
            stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM events").fetchone()[0]
            if stored != per_client * clients:
                raise SystemExit(f"{stored} stored of {per_client * clients} acknowledged")
            latencies.sort()
            return len(latencies) / elapsed, latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--votes", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [run_once(args.votes, args.clients) for _ in range(args.runs)]
    rate, p50, p99 = (statistics.median(r[i] for r in results) for i in range(3))
    print(f"{args.clients} clients, {args.votes} votes x {args.runs} runs: median {rate:.0f} votes/s, "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms (runs: {', '.join(f'{r[0]:.0f}/s' for r in results)})")


if __name__ == "__main__":
    main()
