"""One broken fixture per defect: each states its exact diagnostic lines and exit status in expected.txt."""
from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, run_cli

BROKEN = sorted(p.name for p in FIXTURES.iterdir() if p.name.startswith("broken-"))


def read_expected(name: str) -> tuple[list[str], int, list[str]]:
    lines = (FIXTURES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    args = lines[0].removeprefix("args:").split()
    status = int(lines[1].removeprefix("exit:"))
    return args, status, lines[2:]


@pytest.mark.parametrize("name", BROKEN)
def test_broken_fixture_reports_its_exact_diagnostics(name, fixture_site, tmp_path):
    project = fixture_site(name)
    args, status, expected = read_expected(name)
    result = run_cli("build", ".", "-o", tmp_path / "out", *args, cwd=project)
    assert result.exit_code == status
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1].startswith("Build failed:") and lines[-1].endswith("the previous site was left untouched.")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
    assert result.stdout == ""


def test_every_fixture_has_at_least_one_diagnostic():
    for name in BROKEN:
        assert read_expected(name)[2], name


def test_warnings_alone_do_not_stop_a_build(fixture_site, tmp_path):
    project = fixture_site("broken-link")
    result = run_cli("build", ".", "-o", tmp_path / "out", cwd=project)
    assert result.exit_code == 0
    assert result.stderr.count("warning[broken-link]") == 2
    assert "with 3 warnings" in result.stdout  # and no-site-url
    assert (tmp_path / "out" / "billing" / "refunds" / "index.html").is_file()


def test_all_problems_of_a_stage_are_reported_at_once(write_project, tmp_path):
    project = write_project({
        "content/a.md": "---\norder: x\n---\n",
        "content/b.md": b"\xff\xfe",
        "content/c.md": "---\ntitle: [\n---\n",
    })
    result = run_cli("build", ".", "-o", tmp_path / "out", cwd=project)
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in result.stderr.splitlines()[:-1]] == [
        "warning[no-site-url]", "error[frontmatter-type]", "error[encoding]", "error[frontmatter-syntax]"]


def test_nfc_and_nfd_names_are_one_id(write_project, tmp_path):
    project = write_project({"content/caf\u00e9.md": "# A\n", "content/cafe\u0301.md": "# B\n"})
    result = run_cli("build", ".", "-o", tmp_path / "out", cwd=project)
    assert result.exit_code == 1
    assert "error[duplicate-id]: article id 'café' is also used by" in result.stderr


def test_strict_still_gathers_the_warnings_of_every_stage(write_project, tmp_path):
    project = write_project({"kbgen.yaml": "site:\n  url: https://x.test/\n",
                             "content/a.md": "---\ntilte: A\n---\n[b](b.md)\n"})
    result = run_cli("build", ".", "-o", tmp_path / "out", "--strict", cwd=project)
    assert result.exit_code == 1
    codes = [line.split(": ")[1] for line in result.stderr.splitlines()[:-1]]
    assert codes == ["warning[frontmatter-unknown-key]", "warning[broken-link]"]


def test_a_broken_link_in_a_faq_answer_is_reported_once(write_project):
    """A FAQ page's answers share the page's links: each was resolved (and reported) once per
    answer as well as once for the page."""
    project = write_project({
        "kbgen.yaml": "site:\n  title: T\n  url: https://help.example/\n",
        "content/help/q.md": "---\ntitle: Questions\ntype: faq\n---\nIntro.\n\n## One?\n\nSee [x](missing.md).\n\n"
                             "## Two?\n\nYes.\n\n## Three?\n\nNo.\n",
    })
    result = run_cli("check", ".", cwd=project)
    broken = [line for line in result.stdout.splitlines() if "broken-link" in line]
    assert broken == ["content/help/q.md:9:9: warning[broken-link]: no article 'help/missing'"]
