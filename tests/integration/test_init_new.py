"""`kbgen init` starts a help center that builds --strict as created; `kbgen new` starts an article."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest
import yaml

from kbgen import __version__
from kbgen.content.frontmatter import split
from tests.conftest import run_cli
from tests.htmlpage import page, text

EXPECTED_FILES = {
    "kbgen.yaml",
    ".gitignore",
    ".github/workflows/publish.yml",
    "static/favicon.svg",
    "content/getting-started/_category.yaml",
    "content/account/_category.yaml",
    "content/account/faq.md",
}


def tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def front_matter(path):
    meta, body, _ = split(path.read_text(encoding="utf-8"))
    return yaml.safe_load(meta), body


@pytest.fixture
def no_git_identity(monkeypatch, tmp_path):
    """git sees no global or system configuration: only what a test sets in a repository."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL", "GIT_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path, no_git_identity):
    result = run_cli("init", "acme-help", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "acme-help"


def test_init_creates_a_project_that_builds_strict(tmp_path, no_git_identity):
    result = run_cli("init", "acme-help", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    root = tmp_path / "acme-help"
    files = set(tree(root))
    assert EXPECTED_FILES <= files
    articles = [f for f in files if f.startswith("content/") and f.endswith(".md")]
    assert 4 <= len(articles) - 1 <= 5
    assert not [f for f in articles if f.count("/") == 1], "no articles at the content root"
    for rel in files:
        assert f"  {rel}" in result.stdout.splitlines() or (root / rel).is_dir()
    assert "cd acme-help && kbgen serve" in result.stdout
    assert result.stdout.splitlines()[-1] == 'Created "Acme help": 4 articles, 1 FAQ page in 2 categories -> acme-help'

    config = yaml.safe_load((root / "kbgen.yaml").read_text())
    assert config["site"]["title"] == "Acme help"
    assert config["site"]["url"] == "https://help.example.com/"
    assert "# feedback:" in (root / "kbgen.yaml").read_text()
    for rel in (".gitignore",):
        assert {"site/", ".kbgen/", ".venv/"} <= set((root / rel).read_text().split())
    for category in ("getting-started", "account"):
        values = yaml.safe_load((root / "content" / category / "_category.yaml").read_text())
        assert set(values) == {"title", "description", "order", "icon"}

    built = run_cli("build", "--strict", cwd=root)
    assert built.exit_code == 0, built.stderr
    assert built.stderr == ""
    assert "with 0 warnings" in built.stdout
    assert "Built 4 articles, 1 FAQ page" in built.stdout
    home = page(root / "site", "/")
    assert "Create your account" in text(home)
    faq = page(root / "site", "/account/faq/")
    assert "Can I get a refund?" in text(faq)


def test_publish_workflow_builds_strict_and_deploys_to_pages(project):
    workflow = yaml.safe_load((project / ".github" / "workflows" / "publish.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers and "pull_request" in triggers
    check = workflow["jobs"]["check"]
    assert check["if"] == "github.event_name == 'pull_request'"
    assert "kbgen check --strict --format github" in [s.get("run") for s in check["steps"]]
    job = workflow["jobs"]["publish"]
    assert job["if"] == "github.event_name != 'pull_request'"
    assert job["permissions"]["pages"] == "write"
    assert job["permissions"]["id-token"] == "write"
    assert job["environment"]["name"] == "github-pages"
    steps = job["steps"]
    runs = [s.get("run") for s in steps]
    uses = [s.get("uses") for s in steps]
    assert f'pip install "kbgen=={__version__}"' in runs
    assert "kbgen build --strict" in runs
    setup = steps[uses.index("actions/setup-python@v5")]
    assert setup["with"]["python-version"] == "3.11"
    upload = steps[uses.index("actions/upload-pages-artifact@v3")]
    assert upload["with"]["path"] == "site"
    assert uses.index("actions/deploy-pages@v4") > uses.index("actions/upload-pages-artifact@v3") > runs.index("kbgen build --strict")


def test_init_refuses_a_non_empty_folder_and_writes_nothing(tmp_path):
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = run_cli("init", target)
    assert result.exit_code == 2
    assert "is not empty" in result.stderr
    assert tree(target) == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "keep me"

    (tmp_path / "a-file").write_text("x")
    result = run_cli("init", tmp_path / "a-file")
    assert result.exit_code == 2 and "is not a folder" in result.stderr


def test_init_into_an_existing_empty_folder_with_a_title(tmp_path, no_git_identity):
    target = tmp_path / "empty"
    target.mkdir()
    title = 'Acme: "Help" Center'
    result = run_cli("init", ".", "--title", title, cwd=target)
    assert result.exit_code == 0, result.stderr
    assert "  kbgen serve" in result.stdout and "cd ." not in result.stdout
    assert yaml.safe_load((target / "kbgen.yaml").read_text())["site"]["title"] == title
    assert EXPECTED_FILES <= set(tree(target))
    built = run_cli("build", "--strict", target)
    assert built.exit_code == 0, built.stderr
    assert text(page(target / "site", "/").title).endswith(title)


def test_new_writes_front_matter_and_prints_the_path(project):
    title = 'Refunds: "fast" & easy'
    result = run_cli("new", title, "--category", "billing", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "content/billing/refunds-fast-easy.md\n"
    path = project / "content" / "billing" / "refunds-fast-easy.md"
    meta, body = front_matter(path)
    assert meta == {"title": title, "description": "", "updated": dt.date.today()}
    assert "description: \"\"  # " in path.read_text()
    assert body.strip()

    built = run_cli("build", "--strict", project)
    assert built.exit_code == 0, built.stderr
    assert "with 0 warnings" in built.stdout
    assert text(page(project / "site", "/billing/refunds-fast-easy/").h1) == title


def test_new_from_outside_the_project_and_nested_categories(project, tmp_path):
    result = run_cli("new", "Two-factor authentication", "--category", "account/security", "--project", project, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "acme-help/content/account/security/two-factor-authentication.md\n"
    result = run_cli("new", "Facturación en España", "--project", project, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "acme-help/content/facturacion-en-espana.md\n"
    assert front_matter(project / "content" / "facturacion-en-espana.md")[0]["title"] == "Facturación en España"
    built = run_cli("build", project)
    assert built.exit_code == 0, built.stderr
    # Written beside the categories and linked from nowhere: kbgen says so, without failing the build.
    assert "facturacion-en-espana.md:1: warning[orphan]: 'facturacion-en-espana' is in no category" in built.stderr
    (project / "content" / "facturacion-en-espana.md").unlink()
    assert run_cli("build", "--strict", project).exit_code == 0


def test_new_faq_builds_with_its_question(project):
    result = run_cli("new", "Billing FAQ", "--category", "billing", "--faq", cwd=project)
    assert result.exit_code == 0, result.stderr
    path = project / result.stdout.strip()
    meta, body = front_matter(path)
    assert meta["type"] == "faq" and meta["title"] == "Billing FAQ"
    [question] = [line[3:] for line in body.splitlines() if line.startswith("## ")]
    built = run_cli("build", "--strict", project)
    assert built.exit_code == 0, built.stderr
    assert "with 0 warnings" in built.stdout
    assert question in text(page(project / "site", "/billing/billing-faq/"))


def test_new_flow_builds_strict_and_is_a_troubleshooter(project):
    result = run_cli("new", "Card declined", "--category", "billing", "--flow", cwd=project)
    assert result.exit_code == 0, result.stderr
    path = project / result.stdout.strip()
    assert path.name == "card-declined.flow.yaml"
    built = run_cli("build", "--strict", project)
    assert built.exit_code == 0, built.stderr
    assert "with 0 warnings" in built.stdout and "and 1 troubleshooter" in built.stdout
    doc = page(project / "site", "/billing/card-declined/")
    assert [a["href"] for a in doc.select("#first-question .flow-answer")] == ["#first-solution", "#contact"]
    # The same id as an article is refused, whichever kind exists first.
    again = run_cli("new", "Card declined", "--category", "billing", cwd=project)
    assert again.exit_code == 1 and "card-declined.flow.yaml" in again.stderr
    both = run_cli("new", "Other", "--faq", "--flow", cwd=project)
    assert both.exit_code == 2 and "choose one" in both.stderr


def test_new_refuses_to_overwrite(project):
    path = project / "content" / "account" / "change-your-plan.md"
    before = path.read_bytes()
    result = run_cli("new", "Change your plan", "--category", "account", cwd=project)
    assert result.exit_code == 1
    assert "content/account/change-your-plan.md" in result.stderr
    assert "choose another title, or edit this file" in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == before


@pytest.mark.parametrize("category", ["/etc", "../outside", "billing/../..", "a//b", "", "_drafts", ".hidden", "a\\b"])
def test_new_rejects_bad_category_paths(project, category):
    before = tree(project)
    result = run_cli("new", "Anything", "--category", category, cwd=project)
    assert result.exit_code == 2, (category, result.stderr)
    assert "--category" in result.stderr
    assert tree(project) == before


@pytest.mark.parametrize("title", ["", "   ", "!!! ???"])
def test_new_rejects_titles_without_a_name(project, title):
    before = tree(project)
    result = run_cli("new", title, cwd=project)
    assert result.exit_code == 2
    assert "title" in result.stderr
    assert tree(project) == before


def test_new_reports_a_broken_config(project):
    (project / "kbgen.yaml").write_text("site:\n  titel: Oops\n")
    result = run_cli("new", "Hello", cwd=project)
    assert result.exit_code == 1
    assert "kbgen.yaml:2:3: error[config-unknown-key]" in result.stderr
    assert not (project / "content" / "hello.md").exists()
    assert run_cli("new", "Hello", "--project", project / "missing").exit_code == 2


def test_owner_comes_from_git_config_only_when_set(project):
    result = run_cli("new", "No owner", "--category", "account", cwd=project)
    assert result.exit_code == 0
    assert "owner" not in front_matter(project / result.stdout.strip())[0]
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "config", "user.email", "writer@example.com"], check=True)
    result = run_cli("new", "With owner", "--category", "account", cwd=project)
    assert result.exit_code == 0
    assert front_matter(project / result.stdout.strip())[0]["owner"] == "writer@example.com"
    subprocess.run(["git", "-C", str(project), "config", "--unset", "user.email"], check=True)
    subprocess.run(["git", "-C", str(project), "config", "user.name", "Pat O'Brien: docs"], check=True)
    result = run_cli("new", "Named owner", "--category", "account", cwd=project)
    assert front_matter(project / result.stdout.strip())[0]["owner"] == "Pat O'Brien: docs"
    assert run_cli("build", "--strict", project).exit_code == 0


def test_new_on_a_multilingual_site_writes_into_a_language_tree(write_project):
    project = write_project({"kbgen.yaml": "languages: [en, es]\n", "content/en/a.md": "# A\n", "content/es/a.md": "# A\n"})
    result = run_cli("new", "Refunds", "--category", "billing", "--project", project)
    assert result.exit_code == 0 and (project / "content" / "en" / "billing" / "refunds.md").is_file()
    result = run_cli("new", "Reembolsos", "--category", "facturacion", "--language", "es", "--project", project)
    assert result.exit_code == 0 and (project / "content" / "es" / "facturacion" / "reembolsos.md").is_file()
    result = run_cli("new", "Rückerstattung", "--language", "de", "--project", project)
    assert result.exit_code == 2 and "--language de is not one of this site's languages" in result.stderr
