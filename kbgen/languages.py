"""Load every language of a project: one `Site` per tree of `content/<lang>/`, or one at the root.

A one-language help center (`site.language`) is one tree published at the root, as always.
With `languages: [en, es, zh]` each listed language is the tree `content/<code>/`, published
under `/<code>/`; the same id in two trees is one article translated (`translations.py`).
All trees share one address book, so no alias of one language takes an address of another.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable

from .addresses import AddressBook
from .content.discover import SOURCE_SUFFIXES
from .config import Config
from .content.cache import ParseCache
from .errors import Reporter
from .i18n import check_code
from .model import Site, SiteSet
from .project_files import Roots, SafeTree, project_relative
from .site import load_site, static_files
from .translations import link_translations
from .urls import ROOT, UrlScheme, language_prefix
from . import yamlutil

Labels = Callable[[str], tuple[tuple[str, str], ...]]  # language -> the theme words Markdown writes into pages


def load_sites(config: Config, reporter: Reporter, labels: Labels, include_drafts: bool = False,
               include_internal: bool = False, exclude: Iterable[Path] = (), cache: ParseCache | None = None) -> SiteSet:
    if not config.multilingual:
        site = load_site(config, reporter, labels(config.site.language), include_drafts, include_internal,
                         exclude=exclude, cache=cache, urls=ROOT)
        return SiteSet(config, MappingProxyType({site.language: site}))
    codes = [language.code for language in config.languages]
    _check_trees(config, codes, reporter)
    reporter.raise_on_errors()
    book = AddressBook(config, reporter, [language_prefix(code) for code in codes])
    static = static_files(config, reporter)
    sites: dict[str, Site] = {}
    for code in codes:
        tree = config.for_language(code)
        sites[code] = load_site(tree, reporter, labels(code), include_drafts, include_internal, exclude=exclude,
                                cache=cache.tree(tree.content_dir) if cache is not None else None,
                                urls=UrlScheme(language_prefix(code)), addresses=book, static=static)
    book.claim_static(static)
    book.claim_aliases()
    _check_types(sites, config, reporter)
    reporter.raise_on_errors()
    translations = link_translations(sites)
    return SiteSet(config, MappingProxyType({code: dataclasses.replace(site, translations=translations)
                                             for code, site in sites.items()}))


def _check_trees(config: Config, codes: list[str], reporter: Reporter) -> None:
    """Every listed language has its tree; whatever else sits at the top of the content folder is
    not published, and a writer is told."""
    root = config.content_dir
    listed = {code.lower(): code for code in codes}
    found = set()
    for entry in SafeTree(config.roots, reporter).entries(root):
        if entry.name.startswith((".", "_")) or entry.path.resolve() in _skipped(config):
            continue
        if entry.is_dir and entry.name.lower() in listed:
            found.add(listed[entry.name.lower()])
            continue
        shown = project_relative(entry.path, config.project_dir) + ("/" if entry.is_dir else "")
        if entry.is_dir and check_code(entry.name) is None:
            reporter.warning("language-unlisted", f"'{shown}' is the tree of a language kbgen.yaml does not list; it is not published",
                             entry.path, hint=f"add '{entry.name}' to 'languages' in kbgen.yaml, or move the folder out of the content folder")
        elif entry.is_dir or entry.name.lower().endswith(SOURCE_SUFFIXES):
            reporter.warning("language-unlisted", f"'{shown}' is in no language tree; it is not published", entry.path,
                             hint=f"move it into one of {', '.join(project_relative(root / c, config.project_dir) + '/' for c in codes)}")
    text = config.config_path.read_text(encoding="utf-8") if config.config_path else ""
    for index, code in enumerate(codes):
        if code not in found:
            line, column = yamlutil.position(text, ("languages", index))
            reporter.error("config-language", f"language '{code}' has no tree: "
                           f"'{project_relative(root / code, config.project_dir)}/' does not exist", config.config_path, line, column,
                           hint=f"create {project_relative(root / code, config.project_dir)}/ with its articles, or remove '{code}' from 'languages'")


def _skipped(config: Config) -> set[Path]:
    folders = {config.static_dir, config.project_dir / "theme", config.project_dir / "site"}
    if config.theme.custom_dir:
        folders.add(config.theme.custom_dir)
    return {f.resolve() for f in folders}


def _check_types(sites: dict[str, Site], config: Config, reporter: Reporter) -> None:
    """A translation is the same kind of page as its original: an article, or a FAQ."""
    default = next(iter(sites.values()))
    for code, site in list(sites.items())[1:]:
        for article in site.articles.values():
            original = default.articles.get(article.id)
            if original is not None and original.type != article.type:
                reporter.error("translation-type", f"is a {article.type} but its original "
                               f"'{project_relative(original.source, config.project_dir)}' is a {original.type}",
                               article.source, 1, hint=f"set 'type: {original.type}' in its front matter, or give it another name")
