"""`kbgen serve` as a real process on a free port, as a writer runs it."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

URL_RE = re.compile(r"on (http://\S+) \(")


class ServeProcess:
    """Waits are bounds that only a real hang reaches, never guesses at this machine's speed."""

    def __init__(self, project: Path, *args: str, timeout: float = 180):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "kbgen", "serve", str(project), "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []
        self._seen = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for(lambda l: URL_RE.search(l) is not None, timeout)
        self.url = URL_RE.search(line).group(1)

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def wait_for(self, test, timeout: float = 120, start: int = 0) -> str:
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                for line in self.lines[start:]:
                    if test(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not self._pending():
                    raise AssertionError("not seen; output so far:\n" + "\n".join(self.lines))
                self._seen.wait(min(left, 0.2))

    def _pending(self) -> bool:
        return False

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=120)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()

    def __enter__(self) -> "ServeProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
