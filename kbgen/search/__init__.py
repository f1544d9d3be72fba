"""Site -> search index files (see index.py) and the URLs pages need to load them."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..model import Site
from .entries import collect_entries
from .index import build_search_files
from ..offline import as_script
from ..urls import ROOT, UrlScheme


@dataclass(frozen=True)
class SearchBundle:
    files: dict[str, bytes]  # output path -> bytes
    urls: dict[str, str]  # role -> site path, e.g. "quickIndex" -> "/search/quick-index.1a2b3c4d5e.json"


ROLES = (("quickIndex", "quick-index"), ("fullIndex", "full-index"), ("quickStore", "quick-store"), ("fullStore", "full-store"))


def _by_role(site: Site) -> list[tuple[str, str, bytes]]:
    """(role, file name stem, bytes) of the four search files."""
    built = build_search_files(collect_entries(site), site.config.site.language)
    data = (built.quick_index, built.full_index, built.quick_store, built.full_store)
    return [(role, name, body) for (role, name), body in zip(ROLES, data)]


def build_search(site: Site, offline: bool = False) -> SearchBundle:
    """The index files; for an offline build, as scripts a file:// page can load (see offline.py)."""
    files: dict[str, bytes] = {}
    urls: dict[str, str] = {}
    for role, name, data in _by_role(site):
        if offline:
            data = as_script(role, data)
        url = site.urls.search_file(f"{name}.{hashlib.sha256(data).hexdigest()[:10]}.{'js' if offline else 'json'}")
        files[url.lstrip("/")] = data
        urls[role] = url
    return SearchBundle(files, urls)


def unhashed_urls(scheme: UrlScheme = ROOT) -> dict[str, str]:
    """Fixed addresses for the search files, for `kbgen serve`, which builds them only when asked."""
    return {role: scheme.search_file(f"{name}.json") for role, name in ROLES}


def build_unhashed(site: Site) -> dict[str, bytes]:
    """The search files at their `unhashed_urls` (output path -> bytes)."""
    urls = unhashed_urls(site.urls)
    return {urls[role].lstrip("/"): data for role, _, data in _by_role(site)}
