"""Killing the server with SIGKILL loses no acknowledged vote."""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db, port, *options: str):
    """The endpoint as a process; `options` follow (a later --rate-limit wins over this one's 0)."""
    process = subprocess.Popen([sys.executable, "-m", "kbgen", "feedback", "serve", "--db", str(db), "--port", str(port),
                                "--rate-limit", "0", *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/feedback/health", timeout=1) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("feedback server did not start")


def test_sigkill_loses_no_acknowledged_vote(tmp_path):
    db, port = tmp_path / "feedback.sqlite", free_port()
    server = start(db, port)
    acknowledged: list[str] = []
    lock = threading.Lock()

    def send(worker: int) -> None:
        for n in range(200):
            marker = f"w{worker}-{n}"
            body = json.dumps({"type": "vote", "page": "billing/refunds", "helpful": False, "comment": marker}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/feedback", data=body,
                                             headers={"Content-Type": "text/plain"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    if response.status == 204:
                        with lock:
                            acknowledged.append(marker)
            except (OSError, urllib.error.URLError):
                return  # the server is gone: nothing more can be acknowledged

    threads = [threading.Thread(target=send, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    while len(acknowledged) < 300 and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    for t in threads:
        t.join()
    assert len(acknowledged) >= 300
    restarted = start(db, port)  # reopens (and migrates) the database after the crash
    try:
        stored = {row[0] for row in sqlite3.connect(db).execute("SELECT comment FROM events")}
    finally:
        restarted.terminate()
        restarted.wait()
    missing = [m for m in acknowledged if m not in stored]
    assert missing == []
