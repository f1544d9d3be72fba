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
# Theme assets are the theme's own files under content-hashed names; the pages already name
# those hashes, so keeping copies here would only duplicate the theme.
SKIPPED = ("assets/",)


def golden_files(folder: Path) -> list[str]:
    return sorted(rel for rel in (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
                  if not rel.startswith(SKIPPED))


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
            shutil.copytree(Path(tmp) / "site", target, ignore=lambda folder, names: ["assets"] if Path(folder) == Path(tmp) / "site" else [])
        print(f"updated {target.relative_to(HERE.parent)}")
