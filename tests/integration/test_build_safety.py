"""Real-world input, hostile and ordinary: nothing written outside the output folder or over
another page, nothing read from outside the project, no hang, no traceback, every problem at
its file and line. Each test asserts the exact diagnostic line."""
from __future__ import annotations

import hashlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli

SECRET = "TOP-SECRET-do-not-publish-7f3a"
SITE_URL = "kbgen.yaml"


def state(root: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file and folder under `root` (except `skip`) with a digest of its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = "link:" + os.readlink(path)
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[path.relative_to(root).as_posix()] = "dir"
    return found


def build(project: Path, out: Path, *args: str):
    return run_cli("build", ".", "-o", out, *args, cwd=project)


def lines_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "no-site-url" not in line]


CONFIG = "site:\n  url: https://help.example.test/\n"


# --- a page written outside --out, or over another page -------------------------------------------------

def test_slug_dotdot_at_the_top_cannot_write_above_the_output_folder(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "---\ntitle: A\nslug: ..\n---\nText.\n",
                             "content/b.md": "# B\n"})
    out = tmp_path / "deep" / "out"
    before = state(tmp_path, skip=out)
    result = build(project, out)
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "content/a.md:3:7: error[frontmatter-type]: 'slug' must be one URL segment (a name, not '.' or '..') "
        "without spaces, '/', '?', '#' or '%', not '..'"]
    assert state(tmp_path, skip=out) == before and not out.exists()
    check = run_cli("check", ".", cwd=project)
    assert check.exit_code == 1 and lines_of(result)[0] in check.stdout


@pytest.mark.parametrize("slug", [".", ".."])
def test_slug_dot_in_a_category_cannot_replace_the_category_or_home_page(write_project, tmp_path, slug):
    project = write_project({"kbgen.yaml": CONFIG, "content/billing/refunds.md": f"---\nslug: '{slug}'\n---\n# Refunds\n",
                             "content/billing/invoices.md": "# Invoices\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert f"content/billing/refunds.md:2:7: error[frontmatter-type]: 'slug' must be one URL segment" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_slug_onto_a_generated_file_is_refused_at_its_line(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "---\ntitle: A\nslug: kb.json\n---\n# A\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "content/a.md:3:1: error[duplicate-url]: URL /kb.json/ needs /kb.json to be a folder, but it is a file of "
        "kbgen's own kb.json (rename the file or set another 'slug' in its front matter)"]


def test_addresses_differing_only_in_case_are_refused(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/billing/refunds.md": "---\naliases: [/Old-Refunds/]\n---\n# Refunds\n",
                             "content/billing/money.md": "---\naliases: [/old-refunds/]\n---\n# Money\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "content/billing/refunds.md:2:11: error[alias-collision]: alias /Old-Refunds/ differs only in case from "
        "/old-refunds/, used by 'content/billing/money.md': on a disk that ignores case (macOS, Windows) "
        "one would replace the other (an alias must be an old address that no page uses now)"]


# --- aliases onto generated files -------------------------------------------------------------------------

@pytest.mark.parametrize("alias, reason", [
    ("/kb.json", "/kb.json is a file kbgen generates"),
    ("/robots.txt", "/robots.txt is a file kbgen generates"),
    ("/_redirects", "/_redirects is a file kbgen generates"),
    ("/sitemap.xml", "/sitemap.xml is a file kbgen generates"),
    ("/sitemap-2.xml", "/sitemap-2.xml is a file kbgen generates"),
    ("/feed.xml", "/feed.xml is a file kbgen generates"),
    ("/404.html", "/404.html is a file kbgen generates"),
    ("/search/", "/search/ is where kbgen publishes its own pages"),
    ("/kb.json/old/", "/kb.json is a file kbgen generates"),
    ("/search/old-index.json", "/search/ is where kbgen publishes its own pages"),
    ("/tags/refunds/", "/tags/ is where kbgen publishes its own pages"),
    ("/assets/style.css", "/assets/ is where kbgen publishes its own pages"),
])
def test_an_alias_onto_a_generated_file_is_an_error_at_its_line(write_project, tmp_path, alias, reason):
    project = write_project({"kbgen.yaml": CONFIG,
                             "content/refunds.md": f"---\ntitle: Refunds\naliases:\n  - {alias}\n---\nMoney back.\n"})
    expected = (f"content/refunds.md:4:5: error[alias-collision]: alias {alias} cannot redirect: {reason} "
                "(an alias must be an old address of this article, outside kbgen's own files)")
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [expected]
    check = run_cli("check", ".", cwd=project)
    assert check.exit_code == 1 and expected + "\n" == check.stdout


@pytest.mark.parametrize("alias, message", [
    ("/index.html", "alias /index.html is the address of the home page"),
    ("/", "alias / is the address of the home page"),
    ("/refunds/index.html", "alias /refunds/index.html is the address of 'content/refunds.md'"),
    ("/refunds/", "alias /refunds/ is the address of 'content/refunds.md'"),
    ("/logo.svg", "alias /logo.svg is the address of 'static/logo.svg'"),
])
def test_an_alias_onto_a_page_or_file_is_an_error_at_its_line(write_project, tmp_path, alias, message):
    project = write_project({"kbgen.yaml": CONFIG, "static/logo.svg": "<svg/>",
                             "content/refunds.md": f"---\ntitle: Refunds\naliases: ['{alias}']\n---\nMoney back.\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    [line] = lines_of(result)[:-1]
    assert line.startswith(f"content/refunds.md:3:") and f"error[alias-collision]: {message} (" in line
    assert line in run_cli("check", ".", cwd=project).stdout


def test_an_alias_with_a_line_break_cannot_write_a_redirect_rule(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG,
                             "content/a.md": '---\naliases: ["/old /evil 301\\n/x"]\n---\n# A\n'})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert "content/a.md:2:11: error[frontmatter-type]: alias '/old /evil 301\\n/x' must not hold spaces or control characters" in result.stderr


# --- files from outside the project -----------------------------------------------------------------------

@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.md").write_text(f"# Secret\n\n{SECRET}\n")
    (folder / "secret.png").write_bytes(b"\x89PNG" + SECRET.encode())
    (folder / "secrets").mkdir()
    (folder / "secrets" / "keys.md").write_text(f"# Keys\n\n{SECRET}\n")
    return folder


def symlinked_project(write_project, outside: Path) -> Path:
    project = write_project({
        "kbgen.yaml": CONFIG,
        "content/billing/refunds.md": "# Refunds\n\n![The form](img/form.png) and ![Secret](img/secret.png)\n\n"
                                      "[shared](shared.md), [inside](../inside.md)\n",
        "content/billing/img/form.png": b"\x89PNG",
        "content/real.md": "# Real\n\nThe real one.\n",
        "static/favicon.svg": "<svg/>",
    })
    (project / "content" / "billing" / "secret.md").symlink_to(outside / "secret.md")
    (project / "content" / "billing" / "img" / "secret.png").symlink_to(outside / "secret.png")
    (project / "content" / "leak").symlink_to(outside / "secrets", target_is_directory=True)
    (project / "static" / "passwd").symlink_to(outside / "secret.md")
    (project / "content" / "billing" / "shared.md").symlink_to(project / "content" / "real.md")  # inside: works
    (project / "content" / "inside.md").symlink_to("real.md")
    return project


def test_symlinks_out_of_the_project_are_never_read(write_project, outside, tmp_path):
    project = symlinked_project(write_project, outside)
    out = tmp_path / "out"
    result = build(project, out)
    assert result.exit_code == 0, result.stderr
    hint = "(copy the file into the project instead)"
    assert [line for line in lines_of(result) if "symlink" in line] == [
        f"content/billing/img/secret.png: warning[symlink-outside]: is a symlink that resolves outside the project; it is never read {hint}",
        f"content/billing/secret.md: warning[symlink-outside]: is a symlink that resolves outside the project; it is never read {hint}",
        f"content/leak: warning[symlink-outside]: is a symlink that resolves outside the project; it is never read {hint}",
        f"static/passwd: warning[symlink-outside]: is a symlink that resolves outside the project; it is never read {hint}",
    ]
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not (out / "billing" / "secret").exists() and not (out / "passwd").exists()
    # Symlinks that stay inside the project keep working.
    assert (out / "billing" / "shared" / "index.html").is_file() and (out / "inside" / "index.html").is_file()
    assert (out / "billing" / "img" / "form.png").is_file()
    strict = build(project, tmp_path / "strict", "--strict")
    assert strict.exit_code == 1 and not (tmp_path / "strict").exists()


def test_kbgen_serve_never_shows_a_file_from_outside(write_project, outside):
    from kbgen.server import DevServer, ServeOptions

    project = symlinked_project(write_project, outside)
    lines: list[str] = []
    server = DevServer(project, ServeOptions(port=0), lines.append)
    try:
        snapshot = server.live.snapshot
        paths = set(snapshot.pages) | set(snapshot.files) | snapshot.seo_paths | {"search/quick-meta.json"}
        paths |= {"search/" + p for p in ("full-meta.json", "full-terms-0.json", "quick-terms-0.json", "store-0.json")}
        for path in paths:
            found = snapshot.lookup(path)
            data = found.read_bytes() if isinstance(found, Path) else (found or b"")
            assert SECRET.encode() not in data, path
        assert "billing/secret/index.html" not in snapshot.pages
        assert any("secret.md: warning[symlink-outside]" in line for line in lines)
    finally:
        server.stop()


def test_theme_files_out_of_the_project_are_never_read(write_project, outside, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "# A\n", "theme/assets/extra.css": "body{}"})
    (outside / "base.html").write_text(SECRET)
    (project / "theme" / "templates").mkdir()
    (project / "theme" / "templates" / "base.html").symlink_to(outside / "base.html")
    (project / "theme" / "assets" / "style.css").symlink_to(outside / "secret.md")
    (project / "theme" / "strings").mkdir()
    (project / "theme" / "strings" / "en.yaml").symlink_to(outside / "secret.md")
    out = tmp_path / "out"
    result = build(project, out)
    assert result.exit_code == 0, result.stderr
    assert sorted(line.split(": warning")[0] for line in lines_of(result) if "symlink-outside" in line) == [
        "theme/assets/style.css", "theme/strings/en.yaml", "theme/templates/base.html"]
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert "<h1" in (out / "a" / "index.html").read_text()  # the default theme's base.html stood in


# --- hangs and tracebacks ---------------------------------------------------------------------------------

def test_a_symlink_loop_is_read_once(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/billing/refunds.md": "# Refunds\n"})
    (project / "content" / "billing" / "again").symlink_to("..", target_is_directory=True)
    (project / "content" / "self").symlink_to("self")
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1, result.stderr
    assert lines_of(result)[:-1] == [
        "content/billing/again: warning[symlink-loop]: leads back to 'content', which is already read; it is skipped "
        "(remove the symlink, or point it at a folder outside this tree)",
        "content/self: error[read-error]: cannot read the file: it is a symlink to 'self', which does not exist "
        "(restore the file it points at, or remove the symlink)",
    ]


def test_a_fifo_named_like_an_article_does_not_block(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "# A\n"})
    os.mkfifo(project / "content" / "faq.md")
    started = time.monotonic()
    result = build(project, tmp_path / "out")
    assert time.monotonic() - started < 30
    assert result.exit_code == 0
    assert "content/faq.md: warning[not-a-file]: is not a regular file (a pipe, socket or device); it is not read" in result.stderr


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))


def test_a_yaml_alias_bomb_in_front_matter_is_refused_at_once(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "---\n" + BOMB.replace("a:", "tags:", 1)
                             .replace("*a", "*a") + "---\n# A\n"})
    started = time.monotonic()
    result = build(project, tmp_path / "out")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "content/a.md:6:4: error[frontmatter-syntax]: invalid YAML: its aliases expand to more than 100,000 values "
        "(front matter is YAML: 'key: value' per line; quote values containing ': ')"]


def test_a_yaml_alias_bomb_in_kbgen_yaml_is_refused_at_once(write_project, tmp_path):
    project = write_project({"kbgen.yaml": "extra:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()),
                             "content/a.md": "# A\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "kbgen.yaml:6:6: error[config-syntax]: invalid YAML: its aliases expand to more than 100,000 values"]


def test_an_alias_inside_itself_is_refused(write_project, tmp_path):
    project = write_project({"kbgen.yaml": "extra:\n  loop: &l [1, *l]\n", "content/a.md": "# A\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "kbgen.yaml:2:9: error[config-syntax]: invalid YAML: an alias refers to the value that contains it"]


def test_thousands_of_unknown_keys_take_linear_time(write_project, tmp_path):
    keys = "".join(f"custom_field_{n}: value {n}\n" for n in range(5000))
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": f"---\ntitle: A\n{keys}---\n# A\n"})
    started = time.monotonic()
    result = build(project, tmp_path / "out")
    assert time.monotonic() - started < 20  # was minutes: one YAML compose per unknown key
    assert result.exit_code == 0
    unknown = [line for line in result.stderr.splitlines() if "unknown-key" in line]
    assert len(unknown) == 11
    assert unknown[0].startswith("content/a.md:3:1: warning[frontmatter-unknown-key]: unknown key 'custom_field_0'")
    assert unknown[-1] == ("content/a.md:13:1: warning[frontmatter-unknown-key]: and 4,990 more unknown keys (known keys: "
                           "title, description, slug, order, tags, keywords, featured, draft, audience, updated, reviewed, "
                           "review_every, owner, aliases, related, type)")


# --- a flood of broken links ------------------------------------------------------------------------------

def test_a_flood_of_warnings_is_grouped_and_suggestions_stay_cheap(write_project, tmp_path):
    files = {"kbgen.yaml": CONFIG}
    for n in range(300):
        links = " ".join(f"[x](../../windows/page-{n}-{k}.md) [y](missing-{n}-{k}.md)" for k in range(10))
        files[f"content/docs/article-{n:03d}.md"] = f"# Article {n}\n\n{links} [ok](article-{(n + 1) % 300:03d}.md)\n"
    files["content/docs/typo.md"] = "# Typo\n\n[refund](article-00.md)\n"
    project = write_project(files)
    started = time.monotonic()
    result = build(project, tmp_path / "out")
    assert time.monotonic() - started < 60
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert sum("warning[broken-link]" in line for line in lines) == 21
    assert lines[-1] == "kbgen: warning[broken-link]: 5,981 more of these not shown (6,001 in all); 'kbgen check' lists every one"
    assert lines[0] == ("content/docs/article-000.md:3:5: warning[broken-link]: '../../windows/page-0-0.md' is outside the "
                        "content folder (link to its published address (https://...) instead)")
    assert "with 6001 warnings" in result.stdout
    check = run_cli("check", ".", cwd=project)
    assert check.stdout.count("\n") == 6001
    assert "content/docs/typo.md:3:10: warning[broken-link]: no article 'docs/article-00' (did you mean 'docs/article-000'?)" in check.stdout
    assert check.stderr.startswith("Checked 301 articles: 0 errors, 6001 warnings (6,001 broken-link) in ")


# --- problems nobody was told about -----------------------------------------------------------------------

def test_duplicate_keys_are_reported_with_both_lines(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "---\ntitle: First\norder: 1\ntitle: Second\n---\nText.\n",
                             "content/billing/_category.yaml": "title: Billing\ntitle: Money\n", "content/billing/b.md": "# B\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 0
    assert [line for line in lines_of(result) if "duplicate-key" in line] == [
        "content/a.md:4:1: warning[frontmatter-duplicate-key]: duplicate key 'title' (also at line 2); only this last one counts (remove one of them)",
        "content/billing/_category.yaml:2:1: warning[category-duplicate-key]: duplicate key 'title' (also at line 1); only this last one counts (remove one of them)",
    ]
    project.joinpath("kbgen.yaml").write_text(CONFIG + "site:\n  title: Again\n")
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "kbgen.yaml:3:1: error[config-duplicate-key]: duplicate key 'site' (also at line 1); only this last one counts (remove one of them)"]


def test_an_unreadable_folder_fails_the_build(write_project, tmp_path, monkeypatch):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "# A\n", "content/locked/b.md": "# B\n"})
    locked = str(project / "content" / "locked")
    real_scandir = os.scandir

    def scandir(path="."):  # root reads every folder, so permissions cannot show this
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert lines_of(result)[:-1] == [
        "content/locked: error[read-error]: cannot read the folder: Permission denied; its articles would be missing (fix its permissions)"]


def git(*args: str, cwd: Path, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "W", "GIT_AUTHOR_EMAIL": "w@example.test", "GIT_COMMITTER_NAME": "W",
           "GIT_COMMITTER_EMAIL": "w@example.test"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_a_shallow_clone_does_not_stamp_every_article_with_its_last_commit(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/old.md": "# Old\n", "content/new.md": "# New\n"})
    git("init", "-q", "-b", "main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", "first", cwd=project, date="2024-03-01T12:00:00Z")
    (project / "content" / "new.md").write_text("# New\n\nChanged.\n")
    git("commit", "-q", "-am", "second", cwd=project, date="2026-06-01T12:00:00Z")
    (project / "content" / "other.md").write_text("# Other\n")
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", "third", cwd=project, date="2026-07-01T12:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", project.as_uri(), str(clone)], check=True, capture_output=True)
    result = build(clone, tmp_path / "out")
    assert result.exit_code == 0
    assert lines_of(result) == [
        "content: warning[git-shallow]: 2 articles get no date: this is a shallow git clone, and their last change is older "
        "than its history (fetch the whole history (actions/checkout: fetch-depth: 0), or set 'updated:')"]
    # The clone's oldest commit seems to add every file: its date is nobody's. A later commit's is.
    for name in ("old", "new"):
        assert "2026-06-01" not in (tmp_path / "out" / name / "index.html").read_text()
    assert "2026-07-01" in (tmp_path / "out" / "other" / "index.html").read_text()


def test_folders_left_by_a_killed_build_are_cleared(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "# A\n"})
    dead = 2**22 + 12345  # above the default pid_max: no process has it
    half = project / f".site.kbgen-new-{dead}"
    (half / "a").mkdir(parents=True)
    assert build(project, project / "site").exit_code == 0
    assert not half.exists()
    # Killed between its two renames: the previous site waits in -old-PID and site/ is missing.
    previous = project / f".site.kbgen-old-{dead}"
    os.replace(project / "site", previous)
    (project / "content" / "a.md").write_text("---\ntitle: [broken\n---\n")
    assert build(project, project / "site").exit_code == 1
    assert (project / "site" / "a" / "index.html").is_file() and not previous.exists()
    assert sorted(p.name for p in project.iterdir()) == ["content", "kbgen.yaml", "site"]


# --- diagnostics that had no line -------------------------------------------------------------------------

@pytest.mark.parametrize("files, expected", [
    ({"content/a.md": "---\ntitle: A\ndescription: bell \x07 here\n---\n# A\n"},
     "content/a.md:3:19: error[frontmatter-syntax]: invalid YAML: character U+0007 is not allowed (a control character)"),
    ({"kbgen.yaml": "site:\n  title: Bell \x07\n"},
     "kbgen.yaml:2:15: error[config-syntax]: invalid YAML: character U+0007 is not allowed (a control character)"),
    ({"kbgen.yaml": b"site:\n  title: Caf\xe9\n"}, "kbgen.yaml:2:13: error[encoding]: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"),
    ({"content/b/_category.yaml": b"title: Caf\xe9\n", "content/b/x.md": "# X\n"},
     "content/b/_category.yaml:1:11: error[encoding]: not valid UTF-8 (byte 0xe9) (save the file with UTF-8 encoding)"),
    ({"content/a.md": "---\naliases: 3\n---\n# A\n"},
     "content/a.md:2:10: error[frontmatter-type]: alias '3' must be a path on this site starting with /"),
])
def test_every_yaml_problem_has_a_line_and_column(write_project, tmp_path, files, expected):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "# A\n", **files})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert any(line.startswith(expected) for line in lines_of(result)), result.stderr


def test_keys_yaml_reads_as_numbers_or_dates_are_found_at_their_line(write_project, tmp_path):
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "---\ntitle: A\n1: one\n2024-01-01: new year\nno: nothing\n---\n# A\n"})
    result = build(project, tmp_path / "out")
    assert result.exit_code == 0
    unknown = [line.split(" (did you")[0].split(" (known")[0] for line in lines_of(result) if "unknown-key" in line]
    assert unknown == [
        "content/a.md:3:1: warning[frontmatter-unknown-key]: unknown key '1' (YAML reads it as the number 1; quote it to make it a name)",
        "content/a.md:4:1: warning[frontmatter-unknown-key]: unknown key '2024-01-01' (YAML reads it as the date 2024-01-01; quote it to make it a name)",
        "content/a.md:5:1: warning[frontmatter-unknown-key]: unknown key 'False' (YAML reads it as true/false; quote it to make it a name)",
    ]


def test_an_icon_font_glyph_followed_by_digits_is_text_not_a_link(write_project, tmp_path):
    """Private-use characters (icon fonts) come with content imported from other tools; one shaped
    like kbgen's old link markers crashed the build."""
    project = write_project({"kbgen.yaml": CONFIG, "content/a.md": "# A\n\nPress \ue0007\ue001 then see [B](b.md).\n",
                             "content/b.md": "# B\n"})
    out = tmp_path / "out"
    result = build(project, out)
    assert result.exit_code == 0, result.output
    page = (out / "a" / "index.html").read_text(encoding="utf-8")
    assert "Press \ue0007\ue001 then see" in page and '<a href="/b/">B</a>' in page
