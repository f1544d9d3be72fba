"""`kbgen check`: every problem with its code, file and line, in the three output formats,
and the exit status CI relies on."""
from __future__ import annotations

import json

from tests.conftest import run_cli

EXPECTED = [
    "content/account/broken.md:4:11: error[frontmatter-type]: 'featured' must be true or false, not the text 'maybe'",
    "content/account/password.md:3:1: warning[review-overdue]: review overdue since 2026-07-20 (updated 2026-01-01, "
    "every 200 days by review.max_age_days); no owner set (review it, then set 'reviewed: 2026-09-21')",
    "content/billing/invoices-2024.md:4:11: error[alias-collision]: alias /billing/refunds/ is the address of "
    "'content/billing/refunds.md' (an alias must be an old address that no page uses now)",
    "content/billing/invoices.md:2:1: warning[duplicate-title]: title 'Invoices' is also used by 'invoices-2024.md' in "
    "category 'billing' (give each article a title that says how it differs)",
    "content/billing/refunds.md:4:1: warning[review-overdue]: review overdue since 2026-04-01 (reviewed 2026-01-01, "
    "every 90 days); owner: ana@check.test (review it, then set 'reviewed: 2026-09-21')",
    "content/billing/refunds.md:7:11: warning[related-missing]: related article 'billing/invoice' does not exist "
    "(did you mean 'billing/invoices'?)",
    "content/billing/refunds.md:9:26: warning[broken-anchor]: no heading '#paying-late' in 'billing/invoices' "
    "(did you mean 'paying-on-time'?)",
    "content/billing/refunds.md:9:71: warning[broken-link]: no article 'billing/missing'",
    "content/billing/refunds.md:11:1: warning[missing-alt]: image 'img/form.png' has no alt text "
    "(describe the image for readers who cannot see it: ![What it shows](file.png))",
    "content/billing/refunds.md:13:22: warning[missing-image]: image 'img/gone.png' does not exist "
    "(expected at content/billing/img/gone.png)",
    "content/billing/refunds.md:15:63: warning[missing-alt]: image 'img/form.png' has no alt text "
    "(describe the image for readers who cannot see it: ![What it shows](file.png))",
    "content/billing/refunds.md:17:23: warning[broken-link]: no article 'account/statements'",
    "content/stray.md:1: warning[orphan]: 'stray' is in no category and no article links to it "
    "(move it into a category folder, link to it from a related article, or mark it 'featured: true')",
]


def test_text_lists_every_problem_with_file_and_line(fixture_site):
    project = fixture_site("check-all")
    result = run_cli("check", cwd=project)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == EXPECTED
    assert result.stderr == "Checked 6 articles: 2 errors, 11 warnings in " + result.stderr.split(" in ")[1]


def test_check_writes_nothing(fixture_site):
    project = fixture_site("check-all")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    run_cli("check", project)
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_json_format(fixture_site):
    project = fixture_site("check-all")
    result = run_cli("check", "--format", "json", cwd=project)
    assert result.exit_code == 1
    items = json.loads(result.stdout)["diagnostics"]
    assert len(items) == len(EXPECTED)
    assert items[0] == {"severity": "error", "code": "frontmatter-type", "path": "content/account/broken.md", "line": 4,
                        "column": 11, "message": "'featured' must be true or false, not the text 'maybe'", "hint": None}
    assert items[-1]["code"] == "orphan" and items[-1]["column"] is None
    assert [f"{i['path']}:{i['line']}" for i in items] == [line.split(": ")[0].rsplit(":", 1)[0] if line.split(": ")[0].count(":") == 2
                                                        else line.split(": ")[0] for line in EXPECTED]


def test_github_format_annotates_paths_from_the_working_folder(fixture_site):
    project = fixture_site("check-all")
    result = run_cli("check", project, "--format", "github", cwd=project.parent)  # as from a repository root
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("::error file=check-all/content/account/broken.md,line=4,col=11,title=kbgen frontmatter-type::"
                        "'featured' must be true or false, not the text 'maybe'")
    assert lines[-1] == ("::warning file=check-all/content/stray.md,line=1,title=kbgen orphan::'stray' is in no category "
                         "and no article links to it (move it into a category folder, link to it from a related article, "
                         "or mark it 'featured: true')")
    assert sum(line.startswith("::error ") for line in lines) == 2
    assert sum(line.startswith("::warning ") for line in lines) == 11


def test_github_format_escapes_what_would_break_a_workflow_command(write_project):
    project = write_project({"kbgen.yaml": "site: {url: 'https://x.test/'}\n",
                             "content/a, b: c%.md": "---\ntitle: A\n---\n[x](nope%25.md)\n"})
    result = run_cli("check", "--format", "github", cwd=project)
    line = result.stdout.splitlines()[0]
    assert line.startswith("::warning file=content/a%2C b%3A c%25.md,line=4,col=")
    assert "::no article 'nope%25' " in line or "nope%25" in line


def test_clean_project_exits_0_and_strict_fails_on_warnings(fixture_site):
    project = fixture_site("full")
    result = run_cli("check", project)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("Checked 9 articles: 0 errors, 0 warnings in ")
    refunds = project / "content" / "billing" / "refunds.md"
    refunds.write_text(refunds.read_text() + "\n![](img/refund-dialog.png)\n")
    assert run_cli("check", project).exit_code == 0
    strict = run_cli("check", project, "--strict")
    assert strict.exit_code == 1 and "warning[missing-alt]" in strict.stdout
    assert run_cli("build", project, "--strict").exit_code == 1  # the build reports the same finding


def test_sample_help_center_is_clean():
    from tests.conftest import REPO
    result = run_cli("check", REPO, "--strict")
    assert result.exit_code == 0, result.stdout


def test_a_broken_config_is_reported_not_raised(write_project):
    project = write_project({"kbgen.yaml": "site:\n  titel: X\n", "content/a.md": "# A\n"})
    result = run_cli("check", "--format", "json", cwd=project)
    assert result.exit_code == 1
    (item,) = json.loads(result.stdout)["diagnostics"]
    assert item["code"] == "config-unknown-key" and item["path"] == "kbgen.yaml" and item["line"] == 2


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("check", tmp_path / "missing").exit_code == 2
    assert run_cli("check", tmp_path, "--format", "xml").exit_code == 2
