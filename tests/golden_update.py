"""Regenerate tests/golden/ (run by `make golden`); review the diff before committing it."""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main

HERE = Path(__file__).resolve().parent
GOLDEN_SITES = ("golden-mini",)


def build_golden(name: str, out: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(HERE / "fixtures" / "sites" / name), "-o", str(out), "--strict"])
    if result.exit_code != 0:
        sys.exit(result.output)


if __name__ == "__main__":
    for name in GOLDEN_SITES:
        target = HERE / "golden" / name
        with tempfile.TemporaryDirectory() as tmp:
            build_golden(name, Path(tmp) / "site")
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(Path(tmp) / "site", target)
        print(f"updated {target.relative_to(HERE.parent)}")
