"""A throwaway PostgreSQL cluster from Debian's packages, for the tests and bench/feedback_load.py.

`Cluster().start()` runs initdb and pg_ctl from /usr/lib/postgresql/<newest>/bin in a fresh temporary
folder (mkdtemp: under $TMPDIR or /tmp). initdb refuses to run as root, so as root the folder is
handed to `nobody` and both run as it through `runuser -u nobody --`; as anyone else, as that user.
The server listens on a unix socket in that folder and on a free port of 127.0.0.1, trusts every
local connection (superuser `kbgen`), keeps PostgreSQL's durable defaults (fsync, synchronous commit),
and `stop()` shuts it down and removes the folder. Nothing here imports kbgen.
"""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "kbgen"
INSTALL_HINT = "PostgreSQL is not installed (make postgresql installs Debian's: apt-get install postgresql)"


def bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb, or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    newest = max(found, key=lambda p: [int(n) for n in re.findall(r"\d+", Path(p).parent.parent.name)] or [0])
    return Path(newest).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, user: str = "nobody", settings: dict[str, str] | None = None):
        self.user = user
        self.settings = {"max_connections": "200", **(settings or {})}
        self.root: Path | None = None
        self.port: int | None = None
        self.bin = bin_dir()

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> str:
        return str(self.root)

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if os.geteuid() == 0 else []
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
        return subprocess.run([*prefix, *command], cwd=self.root, env=env, check=check, capture_output=True, text=True,
                              timeout=120)

    def start(self) -> "Cluster":
        if self.bin is None:
            raise RuntimeError(INSTALL_HINT)
        self.root = Path(tempfile.mkdtemp(prefix="kbgen-pg-"))
        try:
            if os.geteuid() == 0:
                account = pwd.getpwnam(self.user)
                os.chown(self.root, account.pw_uid, account.pw_gid)
                if self._run("test", "-w", str(self.root), check=False).returncode != 0:
                    raise RuntimeError(f"{self.user} cannot write {self.root} (a parent folder is closed to it); "
                                       "set TMPDIR to a folder it can reach")
            done = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                             "--encoding=UTF8", "--no-locale", "--no-sync", check=False)
            if done.returncode != 0:
                raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
            for _ in range(5):  # a free port may be taken before the server binds it: try another
                self.port = free_port()
                lines = {**self.settings, "listen_addresses": "'127.0.0.1'", "port": str(self.port),
                         "unix_socket_directories": f"'{self.socket_dir}'"}
                with open(self.data / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
                    conf.write("".join(f"{key} = {value}\n" for key, value in lines.items()))
                done = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                                 "-w", "-t", "60", "start", check=False)
                if done.returncode == 0:
                    return self
            raise RuntimeError(f"PostgreSQL did not start: {self.log()[-2000:]}")
        except BaseException:
            self.stop()
            raise

    def log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")
        except (OSError, TypeError):
            return ""

    def url(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{dbname}"

    def socket_url(self, dbname: str = "postgres") -> str:
        """The same database over the unix socket."""
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def sql(self, statement: str, dbname: str = "postgres", params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as connection:
            cursor = connection.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"not a plain database name: {name!r}")
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def restart(self) -> None:
        """Stop the server (fast: sessions are ended) and start it again on the same port."""
        done = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-m", "fast",
                         "-w", "-t", "60", "restart", check=False)
        if done.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not restart: {self.log()[-2000:]}")

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
