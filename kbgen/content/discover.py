"""Walk the content root in sorted order: categories, article sources and other files.

Only names and paths are decided here; nothing is read. Which entries may be read at all
(symlinks, pipes, unreadable folders) is `project_files.SafeTree`'s rule.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Reporter
from ..project_files import Roots, SafeTree

CATEGORY_FILE = "_category.yaml"
ARTICLE_SUFFIXES = (".md", ".markdown")
FLOW_SUFFIX = ".flow.yaml"  # a guided troubleshooter; its id and URL follow the article rules
SOURCE_SUFFIXES = (*ARTICLE_SUFFIXES, FLOW_SUFFIX)
SKIP_DIRS = frozenset({"node_modules", "__pycache__"})
MAX_DEPTH = 64  # categories nest three or four deep; past this a tree is generated or looping


@dataclass(frozen=True)
class CategorySource:
    id: str  # "" for the content root, else "billing" or "account/security"
    path: Path
    category_file: Path | None


@dataclass(frozen=True)
class ArticleSource:
    id: str
    path: Path
    category_id: str


@dataclass
class SourceTree:
    root: Path
    categories: list[CategorySource] = field(default_factory=list)
    articles: list[ArticleSource] = field(default_factory=list)
    files: set[Path] = field(default_factory=set)


def discover(root: Path, roots: Roots, reporter: Reporter, exclude: frozenset[Path] = frozenset()) -> SourceTree:
    """Everything under `root` that may become part of the site. `exclude` holds folders to skip
    (the output folder, static/ and theme/ when the content root is the project itself)."""
    tree = SourceTree(root=root)
    walker = SafeTree(roots, reporter)
    if walker.enter(root):
        _walk(root, "", tree, exclude, walker)
    return tree


def _walk(folder: Path, category_id: str, tree: SourceTree, exclude: frozenset[Path], walker: SafeTree) -> bool:
    """Add `folder` and below to `tree`; return True when it holds articles (so it is a category)."""
    has_articles = False
    category_file = None
    subfolders = []
    position = len(tree.categories)
    for entry in walker.entries(folder):
        name, path = entry.name, entry.path
        if name.startswith("."):
            continue
        if entry.is_dir:
            if name in SKIP_DIRS or name.startswith("_") or path in exclude or path.resolve() in exclude:
                continue
            subfolders.append(entry)
        elif name == CATEGORY_FILE:
            category_file = path
        elif name.lower().endswith(SOURCE_SUFFIXES) and not name.startswith("_"):
            stem = source_stem(name)
            article_id = _nfc(f"{category_id}/{stem}" if category_id else stem)
            tree.articles.append(ArticleSource(article_id, path, category_id))
            has_articles = True
        else:
            tree.files.add(path)
    for entry in subfolders:
        if category_id.count("/") + 1 >= MAX_DEPTH:
            walker.reporter.warning("too-deep", f"folders nest more than {MAX_DEPTH} deep here; the ones below are skipped",
                                    entry.path)
            break
        if not walker.enter(entry.path):
            continue
        child_id = _nfc(f"{category_id}/{entry.name}" if category_id else entry.name)
        if _walk(entry.path, child_id, tree, exclude, walker):
            has_articles = True
    if has_articles or category_file is not None or category_id == "":
        tree.categories.insert(position, CategorySource(category_id, folder, category_file))
        return True
    return False


def is_flow(path: Path | str) -> bool:
    """Whether an article source is a troubleshooter (`*.flow.yaml`) rather than Markdown."""
    return str(path).lower().endswith(FLOW_SUFFIX)


def source_stem(name: Path | str) -> str:
    """An article source's name without its suffix: `refunds.md` and `refunds.flow.yaml` give `refunds`."""
    name = name.name if isinstance(name, Path) else name
    return name[: -len(FLOW_SUFFIX)] if is_flow(name) else name[: name.rfind(".")]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
