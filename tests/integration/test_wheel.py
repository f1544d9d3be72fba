"""`pip install .` must give a working kbgen whose default theme comes from inside the package."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
                   check=True, capture_output=True)
    [built] = list(out.glob("kbgen-*.whl"))
    return built


def test_wheel_ships_the_default_theme(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("kbgen/themes/default/templates/base.html", "kbgen/themes/default/assets/style.css",
                     "kbgen/themes/default/strings/en.yaml", "kbgen/cli.py"):
        assert required in names
    assert not any(n.startswith(("tests/", "content/")) for n in names)


def test_installed_wheel_builds_a_site_outside_the_source_tree(wheel, tmp_path, write_project):
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    project = write_project({"content/a.md": "# Hello from the wheel\n"})
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run([sys.executable, "-c", "import kbgen, kbgen.theme as t; print(kbgen.__file__); print(t.themes_root())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    package_file, themes = probe.stdout.splitlines()
    assert package_file.startswith(str(target))
    assert themes.startswith(str(target))
    result = subprocess.run([sys.executable, "-m", "kbgen", "build", str(project)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Hello from the wheel" in (project / "site" / "a" / "index.html").read_text()
