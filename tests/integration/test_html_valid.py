"""Every page of the sample site and of the `full` fixture passes the Nu HTML Checker with zero errors.
The checker (vnu-jar, pinned in package.json) and Java are installed by `make test`."""
from __future__ import annotations

import json
import subprocess

from tests.conftest import REPO, run_cli

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(site) -> list[str]:
    assert VNU.is_file(), "run `make test` (it installs the Nu checker with npm)"
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit(str(site), 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_sample_site_and_full_fixture_are_valid_html(fixture_site, tmp_path):
    sample = tmp_path / "sample"
    assert run_cli("build", REPO, "-o", sample).exit_code == 0
    full = fixture_site("full")
    assert run_cli("build", full, "--drafts", "--internal").exit_code == 0
    assert len(list(sample.rglob("*.html"))) > 80
    assert nu_errors(sample) == []
    assert nu_errors(full / "site") == []


def test_every_language_of_the_multilingual_fixture_is_valid_html(fixture_site):
    project = fixture_site("multilingual")
    assert run_cli("build", project).exit_code == 0
    assert len(list((project / "site").rglob("*.html"))) >= 40
    assert nu_errors(project / "site") == []


def test_the_checker_does_report_errors(tmp_path):
    """So that a silent checker cannot pass the test above."""
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></p>")
    assert nu_errors(tmp_path)
