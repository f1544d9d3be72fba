"""What resolving an article's links depended on, and whether a change touches it.

Link resolution records, per article, each thing its links looked at (`Dep`); between two
loads of the site `LinkWorld.changes_since` (content/cache.py) says what changed (`Changes`).
An article whose dependencies are untouched keeps its resolved HTML (kbgen serve, cached builds).

Three kinds:
- `file`: a path the article linked to (another article's source, an image, a category folder,
  a file in static/), whatever became of it: created, deleted, moved to another URL, its headings;
- `url`: a site path written as a link (`/billing/`), valid while some page has that address;
- `id`: an article id named in `related:`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

FILE, URL, ID = "file", "url", "id"


@dataclass(frozen=True)
class Dep:
    kind: str
    key: str


def file_dep(path: Path) -> Dep:
    return Dep(FILE, str(path))


def url_dep(path: str) -> Dep:
    return Dep(URL, path)


def id_dep(article_id: str) -> Dep:
    return Dep(ID, article_id)


@dataclass(frozen=True)
class Changes:
    """What differs between two loads: these files and ids, and whether the set of site URLs moved
    (which may break or mend any `url` dependency)."""

    deps: frozenset[Dep] = frozenset()
    urls: bool = False

    def affect(self, looked_at: Iterable[Dep]) -> bool:
        for dep in looked_at:
            if dep in self.deps or (self.urls and dep.kind == URL):
                return True
        return False
