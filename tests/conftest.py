"""Shared test helpers: fixture projects copied to a temporary folder, a pinned environment,
and a CLI runner that returns exit code, stdout and stderr separately."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sites"

os.environ["TZ"] = "UTC"
os.environ["SOURCE_DATE_EPOCH"] = "1790000000"
os.environ.setdefault("LC_ALL", "C.UTF-8")
# kbgen serve keeps parsed files in the user's cache folder: tests get their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kbgen-test-cache-")


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None) -> CliResult:
    """Run `kbgen ARGS` in-process, like a writer would from `cwd`."""
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def fixture_site(tmp_path):
    """fixture_site("full") -> a fresh copy of tests/fixtures/sites/full in tmp_path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target, symlinks=True)
        return target

    return copy


@pytest.fixture
def write_project(tmp_path):
    """write_project({"content/a.md": "..."}) -> a project folder holding those files."""

    def write(files: dict[str, str | bytes], name: str = "project") -> Path:
        root = tmp_path / name
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return write
