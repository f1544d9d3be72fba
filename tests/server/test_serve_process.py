"""`kbgen serve` end to end: a real process, real sockets, real file saves."""
from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import run_cli
from tests.server.process import ServeProcess


def raw_get(url: str, path: str) -> tuple[int, bytes]:
    """Send the path exactly as written (urllib would normalize '..')."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


def poll(url: str, epoch: str, timeout: float = 30) -> dict:
    with urllib.request.urlopen(f"{url}__kbgen/poll?epoch={epoch}", timeout=timeout) as response:
        return json.loads(response.read())


def test_serve_reloads_after_a_save_and_survives_a_broken_one(fixture_site):
    project = fixture_site("full")
    refunds = project / "content" / "billing" / "refunds.md"
    with ServeProcess(project) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url + "billing/refunds/") as response:
            page = response.read().decode()
        epoch = page.split('data-epoch="')[1].split('"')[0]
        refunds.write_text(refunds.read_text().replace("title: Get a refund", "title: Money back"))
        changed = poll(server.url, epoch)
        assert changed["epoch"] != epoch and changed["errors"] == 0
        with urllib.request.urlopen(server.url + "billing/refunds/") as response:
            assert "Money back" in response.read().decode()

        good = refunds.read_text()
        refunds.write_text("---\ntitle: [oops\n---\n")
        broken = poll(server.url, changed["epoch"])
        assert broken["errors"] == 1
        server.wait_for(lambda line: "refunds.md:3:1: error[frontmatter-syntax]" in line)
        with urllib.request.urlopen(server.url + "billing/refunds/") as response:
            page = response.read().decode()
        assert "Money back" in page and "kbgen-error-overlay" in page
        refunds.write_text(good)
        assert poll(server.url, broken["epoch"])["errors"] == 0
        exit_code = server.stop()
    assert exit_code == 0
    assert server.lines[-1] == "Stopped."
    assert not any("Traceback" in line for line in server.lines)


def test_serve_refuses_traversal_on_the_wire(fixture_site, tmp_path):
    project = fixture_site("full")
    outside = tmp_path / "outside.txt"
    outside.write_text("outside the project")
    (project / "static" / "link.txt").symlink_to(outside)
    with ServeProcess(project) as server:
        for path in ("/../kbgen.yaml", "/%2e%2e/kbgen.yaml", "/%2E%2E/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
                     "//etc/passwd", "/billing/%2e%2e/%2e%2e/kbgen.yaml", "/link.txt", "/static/link.txt",
                     "/content/billing/refunds.md", "/.kbgen/feedback.sqlite", "/%5c..%5ckbgen.yaml"):
            status, body = raw_get(server.url, path)
            assert status in (301, 400, 404), path
            assert b"outside the project" not in body and b"site:" not in body and b"root:" not in body, path
        assert raw_get(server.url, "/billing/refunds/")[0] == 200


def listening_addresses(port: int) -> set[str]:
    """The IPv4 and IPv6 addresses a socket on this machine listens on at `port` (Linux's /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, words))
    return found


def test_serve_binds_loopback_only_by_default(fixture_site):
    with ServeProcess(fixture_site("full")) as server:
        port = urlsplit(server.url).port
        assert listening_addresses(port) == {"127.0.0.1"}


def test_a_busy_port_is_a_usage_error(fixture_site):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run_cli("serve", fixture_site("full"), "--port", str(port))
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr


def test_a_missing_project_is_a_usage_error(tmp_path):
    result = run_cli("serve", tmp_path / "nope")
    assert result.exit_code == 2


def test_ctrl_c_during_the_first_build_stops_cleanly(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    project = tmp_path / "big"
    for n in range(600):  # enough to parse in worker processes
        folder = project / "content" / f"topic-{n % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"article-{n}.md").write_text(f"# Article {n}\n\n" + "Words about invoices and refunds. " * 40)
    ready = tmp_path / "parsing"
    env = {**os.environ, "KBGEN_HOLD_BUILD_FOR_TESTS": str(ready)}  # the build waits there, mid-parse
    proc = subprocess.Popen([sys.executable, "-m", "kbgen", "serve", str(project), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    deadline = time.monotonic() + 120
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert ready.exists(), proc.communicate(timeout=60)[0] if proc.poll() is not None else "the build never started parsing"
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, output
    assert output.rstrip().endswith("Stopped.")
    assert "Traceback" not in output and "Aborted" not in output
    assert "Serving" not in output  # it really was interrupted during the first build


def test_non_latin_addresses_are_served(write_project):
    project = write_project({"content/指南/开始使用.md": "# 开始使用\n\n欢迎。\n", "content/guides/start.md": "# Start\n"})
    with ServeProcess(project) as server:
        status, body = raw_get(server.url, "/%E6%8C%87%E5%8D%97/%E5%BC%80%E5%A7%8B%E4%BD%BF%E7%94%A8/")
        assert status == 200 and "欢迎" in body.decode()
        status, _ = raw_get(server.url, "/%E6%8C%87%E5%8D%97/%E5%BC%80%E5%A7%8B%E4%BD%BF%E7%94%A8")
        assert status == 301
