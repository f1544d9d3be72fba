from __future__ import annotations

import os
import subprocess

from kbgen.cli import TerminalProgress
from tests.conftest import run_cli
from tests.htmlpage import page


def git(project, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def test_updated_falls_back_to_last_git_commit(write_project):
    project = write_project({"content/a.md": "# A\n", "content/b.md": "---\nupdated: 2026-01-01\n---\n# B\n"})
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "first", date="2026-03-04T10:00:00Z")
    (project / "content" / "a.md").write_text("# A\n\nEdited.\n")
    git(project, "commit", "-qam", "second", date="2026-04-05T23:30:00Z")
    assert run_cli("build", project).exit_code == 0
    site = project / "site"
    assert page(site, "/a/").select_one("time")["datetime"] == "2026-04-05"
    assert page(site, "/b/").select_one("time")["datetime"] == "2026-01-01"


def test_no_date_outside_git(write_project):
    project = write_project({"content/a.md": "# A\n"})
    assert run_cli("build", project).exit_code == 0
    assert page(project / "site", "/a/").select_one("time") is None


def test_progress_bar_draws_only_after_the_delay(capsys):
    quiet = TerminalProgress("Rendering pages", 10, delay=60)
    for _ in range(10):
        quiet.advance()
    quiet.close()
    assert capsys.readouterr().err == ""
    shown = TerminalProgress("Rendering pages", 4, delay=0)
    for _ in range(4):
        shown.advance()
    shown.close()
    err = capsys.readouterr().err
    assert "Rendering pages [" in err and err.endswith("4/4\n")
