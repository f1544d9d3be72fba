"""`kbgen build` end to end: discovery, options, exit statuses, atomic output, determinism."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_cli
from tests.htmlpage import page, text


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bare_folder_of_markdown_builds_without_configuration(write_project):
    project = write_project({"welcome.md": "# Welcome\n\nHello there.\n", "billing/refunds.md": "# Refunds\n\nMoney back.\n"})
    result = run_cli("build", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Built 2 articles, 0 FAQ pages (0 questions) in 1 category with 2 warnings in ")
    assert "warning[no-site-url]" in result.stderr
    # Beside a category, a top-level article nothing links to is easy to miss: a warning, never a failure.
    assert "welcome.md:1: warning[orphan]: 'welcome' is in no category and no article links to it" in result.stderr
    assert result.stdout.rstrip().endswith("-> site")
    assert text(page(project / "site", "/billing/refunds/").h1) == "Refunds"
    assert text(page(project / "site", "/welcome/").h1) == "Welcome"
    # A second build does not pick up its own output as content.
    assert run_cli("build", cwd=project).exit_code == 0
    assert not (project / "site" / "site").exists()


def test_content_folder_is_used_when_present(write_project):
    project = write_project({"content/a.md": "# A\n", "notes.md": "# Not content\n"})
    assert run_cli("build", project).exit_code == 0
    assert (project / "site" / "a" / "index.html").is_file()
    assert not (project / "site" / "notes").exists()


def test_content_dir_from_config(write_project):
    project = write_project({"kbgen.yaml": "content_dir: docs\n", "docs/a.md": "# A\n"})
    assert run_cli("build", project).exit_code == 0
    assert (project / "site" / "a" / "index.html").is_file()


def test_out_option_and_summary(write_project, tmp_path):
    project = write_project({"content/a.md": "# A\n", "content/faq.md": "---\ntype: faq\n---\n## Q1?\nA.\n## Q2?\nB.\n"})
    result = run_cli("build", project, "--out", tmp_path / "public")
    assert result.exit_code == 0
    assert "Built 1 article, 1 FAQ page (2 questions) in 0 categories with 1 warning" in result.stdout
    assert (tmp_path / "public" / "index.html").is_file()


def test_usage_errors_exit_2(tmp_path, write_project):
    assert run_cli("build", tmp_path / "missing").exit_code == 2
    assert run_cli("build", "--no-such-option").exit_code == 2
    project = write_project({"content/a.md": "# A\n"})
    result = run_cli("build", project, "--base-url", "not a url")
    assert result.exit_code == 2 and "--base-url must be a full URL" in result.stderr
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.txt").write_text("years of work")
    result = run_cli("build", project, "-o", tmp_path / "precious")
    assert result.exit_code == 2 and "is not empty and is not a kbgen site" in result.stderr
    assert (tmp_path / "precious" / "thesis.txt").read_text() == "years of work"
    result = run_cli("build", project, "-o", project)
    assert result.exit_code == 2 and "would replace" in result.stderr


def test_failed_build_leaves_previous_site_untouched(write_project):
    project = write_project({"content/a.md": "# A\n\nFirst version.\n"})
    assert run_cli("build", project).exit_code == 0
    before = tree_digest(project / "site")
    (project / "content" / "a.md").write_text("---\ntitle: [broken\n---\nSecond version.\n")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert tree_digest(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []


def test_successful_rebuild_replaces_the_whole_site(write_project):
    project = write_project({"content/a.md": "# A\n", "content/b.md": "# B\n"})
    run_cli("build", project)
    (project / "content" / "b.md").unlink()
    assert run_cli("build", project).exit_code == 0
    assert not (project / "site" / "b").exists()


def test_strict_turns_warnings_into_failure(write_project):
    project = write_project({"kbgen.yaml": "site:\n  url: https://x.test/\n", "content/a.md": "# A\n\n[x](missing.md)\n"})
    assert run_cli("build", project).exit_code == 0
    result = run_cli("build", project, "--strict")
    assert result.exit_code == 1
    assert "Build failed: 1 warning (--strict)" in result.stderr
    project.joinpath("content", "a.md").write_text("# A\n")
    assert run_cli("build", project, "--strict").exit_code == 0


def test_same_input_same_bytes(fixture_site, tmp_path):
    project = fixture_site("full")
    run_cli("build", project, "-o", tmp_path / "one")
    run_cli("build", project, "-o", tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_sample_site_is_deterministic_across_processes(tmp_path):
    """Separate processes (hash seeds differ) and parallel parsing still give the same bytes."""
    digests = []
    for n, seed in enumerate(("1", "2")):
        out = tmp_path / f"s{n}"
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "TZ": "UTC"}
        subprocess.run([sys.executable, "-m", "kbgen", "build", str(REPO), "-o", str(out)], check=True, env=env,
                       capture_output=True)
        digests.append(tree_digest(out))
    assert digests[0] == digests[1]


def test_no_traceback_on_unreadable_or_binary_files(write_project):
    project = write_project({"content/a.md": "# A\n", "content/image.md": b"\x89PNG\r\n\x1a\n\x00\x00"})
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert "content/image.md:1:1: error[encoding]: not valid UTF-8 (byte 0x89)" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help():
    assert run_cli("--version").stdout.startswith("kbgen, version ")
    assert "--base-url" in run_cli("build", "--help").stdout


def test_parallel_parsing_and_rendering_give_the_serial_bytes(fixture_site, tmp_path, monkeypatch):
    import kbgen.render
    import kbgen.site

    project = fixture_site("full")
    assert run_cli("build", project, "-o", tmp_path / "serial").exit_code == 0
    monkeypatch.setattr(kbgen.site, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(kbgen.render, "PARALLEL_THRESHOLD", 1)
    assert run_cli("build", project, "-o", tmp_path / "parallel").exit_code == 0
    assert tree_digest(tmp_path / "serial") == tree_digest(tmp_path / "parallel")


def test_template_error_in_a_render_worker_is_reported(write_project, monkeypatch):
    import kbgen.render

    monkeypatch.setattr(kbgen.render, "PARALLEL_THRESHOLD", 1)
    project = write_project({"content/a.md": "# A\n", "content/b.md": "# B\n",
                             "theme/templates/article.html": "{{ article.nope.deeper }}\n"})
    result = run_cli("build", ".", cwd=project)
    assert result.exit_code == 1
    assert result.stderr.startswith("theme/templates/article.html:1: error[template-error]: ")
