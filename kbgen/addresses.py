"""Every address a build publishes, claimed once, with the file and line that asked for it.

`outpaths.OutputClaims` is the rule (clean paths inside the output folder, one owner each);
this module is the order in which a site's addresses claim it, and how refusals are told:
kbgen's own files first, then categories and articles, then `static/`, then aliases (an
alias is an old address: it never takes one that a page or file uses now). A multilingual
build shares one book between its language trees, so an alias in `es/` cannot take an
address of `en/`; aliases are claimed once every tree's pages are in.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .config import Config
from .errors import Reporter
from .outpaths import GENERATED_FILES, RESERVED_FOLDERS, OutputClaims, Owner, reserved_problem
from .project_files import find_line, project_relative
from .urls import UrlScheme, alias_output_path, output_path_for


class AddressBook:
    def __init__(self, config: Config, reporter: Reporter, prefixes: Iterable[str] = ()):
        self.config = config
        self.reporter = reporter
        self.prefixes = tuple(p.strip("/") for p in prefixes)  # language trees ("es"), each with kbgen's own files
        self.claims = OutputClaims()
        self._pending_aliases: list[Callable[[], None]] = []
        for name in GENERATED_FILES[1:]:
            self.claims.claim(name, Owner(f"kbgen's own {name}", "generated"))
        for prefix in self.prefixes:
            for name in ("404.html", "feed.xml"):
                self.claims.claim(f"{prefix}/{name}", Owner(f"kbgen's own {prefix}/{name}", "generated"))

    def _rel(self, path: Path, config: Config) -> str:
        return project_relative(path, config.project_dir)

    def claim_pages(self, kept, categories: dict, config: Config, urls: UrlScheme) -> None:
        """Categories and articles of one tree; `kept` holds (source, parsed, url) of each article."""
        for category in categories.values():
            url = urls.category(category.id)
            if _reserved(url, urls):
                self.reporter.error("duplicate-url", f"category folder would publish at {url}, which kbgen uses for its own pages",
                               category.path, hint=f"rename the folder (reserved: {', '.join(RESERVED_FOLDERS)})")
                continue
            label = f"the category folder '{self._rel(category.path, config)}/'" if category.id else "the home page"
            conflict = self.claims.claim(output_path_for(url), Owner(label, "page", category.path))
            if conflict:
                self.reporter.error("duplicate-url", f"category URL {url} {conflict.reason}", category.path, hint="rename one of the folders")
        ids: dict[str, Path] = {}
        slugged: set[Path] = set()
        for source, result, url in kept:
            if source.id in ids:
                self.reporter.error("duplicate-id", f"article id '{source.id}' is also used by '{self._rel(ids[source.id], config)}'",
                               source.path, 1, hint="rename one of the files")
                continue
            ids[source.id] = source.path
            slug_here = bool(result.meta.get("slug"))
            if _reserved(url, urls):
                line, column = find_line(source.path, "slug:") if slug_here else (1, None)
                self.reporter.error("duplicate-url", f"article would publish at {url}, which kbgen uses for its own pages",
                               source.path, line, column, hint="rename the file or set another 'slug'")
                continue
            conflict = self.claims.claim(output_path_for(url), Owner(f"'{self._rel(source.path, config)}'", "page", source.path))
            if conflict is None:
                if slug_here:
                    slugged.add(source.path)
                continue
            here, message = source.path, f"URL {url} {conflict.reason}"
            other = conflict.owner.path if conflict.owner else None
            if not slug_here and other in slugged:  # blame the file whose slug moved it here
                here, slug_here, message = other, True, f"URL {url} is also used by '{self._rel(source.path, config)}'"
            line, column = find_line(here, "slug:") if slug_here else (1, None)
            self.reporter.error("duplicate-url", message, here, line, column,
                           hint="rename the file or set another 'slug' in its front matter")

    def claim_static(self, static: dict[str, Path]) -> None:
        for output_path, path in static.items():
            conflict = self.claims.claim(output_path, Owner(f"'static/{output_path}'", "file", path))
            if conflict:
                self.reporter.error("output-conflict", f"would be written to '{output_path}', which {conflict.reason}", path,
                               hint="rename or remove one of them")

    def defer_aliases(self, kept, config: Config) -> None:
        """Aliases are claimed once every tree's pages are in (`claim_aliases`)."""
        self._pending_aliases.append(lambda: self._claim_aliases(kept, config))

    def claim_aliases(self) -> None:
        for claim in self._pending_aliases:
            claim()
        self._pending_aliases.clear()

    def _claim_aliases(self, kept, config: Config) -> None:
        for source, result, _ in kept:
            for alias in result.meta.get("aliases", ()):
                output_path = alias_output_path(alias)
                line, column = find_line(source.path, alias)
                reserved = reserved_problem(output_path, self.prefixes)
                if reserved:
                    self.reporter.error("alias-collision", f"alias {alias} cannot redirect: {reserved}", source.path, line, column,
                                   hint="an alias must be an old address of this article, outside kbgen's own files")
                    continue
                conflict = self.claims.claim(output_path, Owner(f"'{self._rel(source.path, config)}'", "alias", source.path, line, column))
                if conflict is None:
                    continue
                if conflict.owner is not None and conflict.owner.kind == "alias" and conflict.reason.startswith("is also used"):
                    message, hint = f"alias {alias} is also claimed by {conflict.owner.label}", "keep the alias on one article only"
                elif conflict.owner is not None and conflict.owner.kind in ("page", "file") and conflict.reason.startswith("is also used"):
                    message, hint = f"alias {alias} is the address of {conflict.owner.label}", "an alias must be an old address that no page uses now"
                else:
                    message, hint = f"alias {alias} {conflict.reason}", "an alias must be an old address that no page uses now"
                self.reporter.error("alias-collision", message, source.path, line, column, hint=hint)


def _reserved(url: str, urls: UrlScheme) -> bool:
    """A page URL inside one of kbgen's own folders (`/tags/`, `/es/search/`)."""
    parts = url[len(urls.prefix):].strip("/").split("/")
    return parts[0] in RESERVED_FOLDERS


