"""`kbgen init` and `kbgen new`: start a help center from the project template, start an article.

The template is `scaffold/project/`, shipped inside the package and read with importlib.resources.
Top-level names starting with `dot-` become dot-files in the new project (`dot-github/` ->
`.github/`), so no packaging or ignore rule can drop them and git does not apply the template's
`.gitignore` to this repository.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml

from .. import __version__
from ..config import load_config
from ..content.discover import CATEGORY_FILE, FLOW_SUFFIX, SKIP_DIRS, SOURCE_SUFFIXES
from ..errors import ERROR, Diagnostic, KbgenError, UsageError
from ..slugs import url_segment
from ..text import humanize

TEMPLATE = "project"
DOT_PREFIX = "dot-"
SITE_TITLE = "@@SITE_TITLE@@"
KBGEN_VERSION = "@@KBGEN_VERSION@@"
# Files whose placeholders are filled in; every other template file is copied byte for byte.
FILLED = frozenset({"kbgen.yaml", ".github/workflows/publish.yml"})
GIT_TIMEOUT = 5.0


@dataclass(frozen=True)
class NewProject:
    root: Path
    files: tuple[str, ...]  # POSIX paths relative to `root`, in the order written
    title: str
    categories: int
    articles: int
    faqs: int


def template_files() -> list[tuple[str, bytes]]:
    """(path in the new project, bytes) of every template file, sorted by path."""
    found: list[tuple[str, bytes]] = []

    def walk(node, parts: tuple[str, ...]) -> None:
        for child in node.iterdir():
            name = child.name
            if name == "__pycache__":
                continue
            if not parts and name.startswith(DOT_PREFIX):
                name = "." + name[len(DOT_PREFIX):]
            if child.is_dir():
                walk(child, parts + (name,))
            else:
                found.append(("/".join(parts + (name,)), child.read_bytes()))

    walk(resources.files(__package__) / TEMPLATE, ())
    return sorted(found)


def init_project(target: Path, title: str | None = None) -> NewProject:
    """Write a working help center into `target`, a new or empty folder."""
    target = Path(target)
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise UsageError(Diagnostic(ERROR, "usage", f"'{target}' exists and is not a folder",
                                        hint="give the name of a new folder"))
        if any(target.iterdir()):
            raise UsageError(Diagnostic(ERROR, "usage", f"folder '{target}' is not empty; kbgen init writes nothing into it",
                                        hint="give the name of a new or empty folder"))
    if title is not None:
        title = " ".join(title.split())
        if not title:
            raise UsageError(Diagnostic(ERROR, "usage", "--title is empty", hint='for example --title "Acme Help Center"'))
    else:
        title = humanize(target.resolve().name) or "Help Center"
    values = {SITE_TITLE: yaml_scalar(title), KBGEN_VERSION: __version__}

    created_root = not target.exists()
    written: list[str] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for rel, data in template_files():
            if rel in FILLED:
                text = data.decode("utf-8")
                for placeholder, value in values.items():
                    text = text.replace(placeholder, value)
                data = text.encode("utf-8")
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:
                handle.write(data)
            written.append(rel)
    except OSError as exc:
        _remove_partial(target, created_root)
        where = Path(exc.filename) if exc.filename else target
        raise KbgenError(Diagnostic(ERROR, "write-error", f"cannot write the new project: {exc.strerror}", where))

    content = [rel for rel in written if rel.startswith("content/")]
    faqs = sum(1 for rel in content if rel.endswith(".md") and _is_faq((target / rel).read_text(encoding="utf-8")))
    return NewProject(
        root=target,
        files=tuple(written),
        title=title,
        categories=sum(1 for rel in content if rel.endswith("/" + CATEGORY_FILE)),
        articles=sum(1 for rel in content if rel.endswith(".md")) - faqs,
        faqs=faqs,
    )


def _remove_partial(target: Path, created_root: bool) -> None:
    """Leave no half-written project behind: the folder as it was (absent, or empty)."""
    if created_root:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir() if target.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _is_faq(text: str) -> bool:
    return re.search(r"^type:\s*faq\s*$", text.split("\n---", 1)[0], re.MULTILINE) is not None


def new_article(project_dir: Path, title: str, category: str | None = None, faq: bool = False,
                today: dt.date | None = None, language: str | None = None, flow: bool = False) -> Path:
    """Write a new article (a FAQ file, or a troubleshooter) with its front matter; return its path.

    Raises UsageError for a bad title or category path, KbgenError for a broken kbgen.yaml or an
    existing file.
    """
    title = " ".join(title.split())
    if faq and flow:
        raise UsageError(Diagnostic(ERROR, "usage", "--faq and --flow start different files; choose one"))
    if not title:
        raise UsageError(Diagnostic(ERROR, "usage", "the title is empty", hint='for example: kbgen new "Reset your password"'))
    if not re.search(r"[^\W_]", title):
        raise UsageError(Diagnostic(ERROR, "usage", f"the title {title!r} has no letters or digits to name the file after",
                                    hint='for example: kbgen new "Reset your password"'))
    parts = category_parts(category)
    config = load_config(project_dir)
    content_dir = config.content_dir
    if config.multilingual:  # the default language's tree unless --language names another
        codes = [entry.code for entry in config.languages]
        chosen = next((code for code in codes if language is None or code.lower() == language.lower()), None)
        if chosen is None:
            raise UsageError(Diagnostic(ERROR, "usage", f"--language {language} is not one of this site's languages",
                                        hint="one of " + ", ".join(codes)))
        content_dir = config.for_language(chosen).content_dir
    elif language is not None and language.lower() != config.site.language.lower():
        raise UsageError(Diagnostic(ERROR, "usage", f"--language {language}: this site is in {config.site.language} only",
                                    hint="list the languages in kbgen.yaml (languages: [...]) first"))
    folder = content_dir.joinpath(*parts)
    slug = url_segment(title)
    path = folder / (f"{slug}{FLOW_SUFFIX}" if flow else f"{slug}.md")
    for existing in (folder / f"{slug}{suffix}" for suffix in SOURCE_SUFFIXES):  # one id, whichever the kind
        if existing.exists() or existing.is_symlink():
            raise _exists(existing)
    owner = git_owner(config.project_dir)
    text = flow_text(title, today or dt.date.today(), owner) if flow else article_text(title, faq, today or dt.date.today(), owner)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise _exists(path)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else path
        raise KbgenError(Diagnostic(ERROR, "write-error", f"cannot write the new article: {exc.strerror}", where))
    return path


def _exists(path: Path) -> KbgenError:
    return KbgenError(Diagnostic(ERROR, "file-exists", "already exists; kbgen new does not overwrite files", path,
                                 hint="choose another title, or edit this file"))


def category_parts(category: str | None) -> tuple[str, ...]:
    """`account/security` -> ('account', 'security'); a path that could leave the content root,
    or that kbgen would not build, is a usage error. One trailing '/' (from tab completion) is fine."""
    if category is None:
        return ()

    def bad(why: str) -> UsageError:
        return UsageError(Diagnostic(ERROR, "usage", f"--category {category!r} {why}",
                                     hint="give folders under the content root, e.g. billing or account/security"))

    text = category.strip()
    if text.endswith("/") and text != "/":
        text = text[:-1]
    if not text:
        raise bad("is empty")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        raise bad("is an absolute path")
    if "\\" in text:
        raise bad("contains '\\'; separate folders with '/'")
    parts = tuple(text.split("/"))
    if any(part == ".." for part in parts):
        raise bad("contains '..'")
    if any(not part.strip() for part in parts):
        raise bad("has an empty folder name")
    for part in parts:
        if part.startswith((".", "_")) or part in SKIP_DIRS:
            raise bad(f"names the folder '{part}', which kbgen skips (names starting with '.' or '_')")
    return parts


def article_text(title: str, faq: bool, today: dt.date, owner: str | None) -> str:
    lines = ["---", f"title: {yaml_scalar(title)}"]
    if faq:
        lines.append('description: ""  # one sentence on what these questions cover; shown in search results and search engines')
        lines.append("type: faq")
    else:
        lines.append('description: ""  # one sentence on what the reader can do after reading; shown in search results and search engines')
    lines.append(f"updated: {today.isoformat()}")
    if owner:
        lines.append(f"owner: {yaml_scalar(owner)}")
    lines.append("---")
    lines.append("")
    if faq:
        lines += [
            "## What do customers ask?",
            "",
            "Answer in a few sentences. Every `## ` heading in this file is one question, worded the way",
            "customers ask it; everything up to the next `## ` heading is its answer.",
        ]
    else:
        lines += [
            "Start with the answer: one or two sentences that solve the reader's problem. Then give the",
            "steps, one action each, and link to other articles by their file (`other-article.md`).",
        ]
    return "\n".join(lines) + "\n"


def flow_text(title: str, today: dt.date, owner: str | None) -> str:
    """A troubleshooter that builds as it is: one question, a solution and the contact path."""
    lines = [f"title: {yaml_scalar(title)}",
             'description: ""  # one sentence on the problem this solves; shown in search results and search engines',
             f"updated: {today.isoformat()}"]
    if owner:
        lines.append(f"owner: {yaml_scalar(owner)}")
    lines += [
        "start: first-question  # the step readers start at",
        "steps:",
        "  first-question:  # a step's id is its address on the page: #first-question",
        "    question: What do you see?",
        "    text: Optional Markdown under the question, such as where to look.",
        "    answers:",
        "      - label: The first thing customers answer",
        "        next: first-solution  # another step",
        "      - label: Something else",
        "        contact: true  # the contact path; or article: <article id> for an article",
        "  first-solution:",
        "    solution: |",
        "      What solves it, in Markdown: one action per step, and links to articles by their file",
        "      (`other-article.md`). The page then asks whether it solved the problem.",
    ]
    return "\n".join(lines) + "\n"


def git_owner(cwd: Path) -> str | None:
    """The writer as git knows them in `cwd` (user.email, else user.name), or None."""
    for key in ("user.email", "user.name"):
        try:
            result = subprocess.run(["git", "config", "--get", key], cwd=cwd, capture_output=True, text=True,
                                    timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
            return None
        value = result.stdout.strip() if result.returncode == 0 else ""
        if value:
            return value
    return None


def yaml_scalar(value: str) -> str:
    """`value` as one line of YAML that reads back as the same string (quoted only when needed)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    text = text.removesuffix("\n").removesuffix("\n...")
    if "\n" in text or yaml.safe_load(text) != value:
        text = json.dumps(value)
    return text
