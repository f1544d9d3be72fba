"""Site -> search files (see index.py) and the URLs pages need to load them.

Pages name the quick index and store and the full-text meta file; the meta file names the
shards. Every name carries a hash of its bytes (hosts cache them forever), except under
`kbgen serve`, which builds the files only when asked and gives them fixed names.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Callable

from ..model import Site
from .entries import collect_entries
from .index import build_search_files
from ..offline import as_script
from ..urls import ROOT, UrlScheme, href


@dataclass(frozen=True)
class SearchBundle:
    files: dict[str, bytes]  # output path -> bytes
    urls: dict[str, str]  # role -> site path, e.g. "quickIndex" -> "/search/quick-index.1a2b3c4d5e.json"


ROLES = (("quickIndex", "quick-index"), ("quickStore", "quick-store"), ("fullMeta", "full-meta"))
Namer = Callable[[str, bytes], str]  # (file stem, bytes) -> site path


def _files(site: Site, name: Namer, wrap: Callable[[str, bytes], bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    built = build_search_files(collect_entries(site), site.config.site.language)
    files: dict[str, bytes] = {}
    urls: dict[str, str] = {}

    def put(role: str, stem: str, data: bytes) -> str:
        data = wrap(role, data)
        url = name(stem, data)
        files[url.lstrip("/")] = data
        return url

    urls["quickIndex"] = put("quickIndex", "quick-index", built.quick_index)
    urls["quickStore"] = put("quickStore", "quick-store", built.quick_store)
    meta = dict(built.full_meta)
    base = site.config.base_path  # the worker fetches these addresses as they are: under the base path
    meta["shards"] = [[stem, href(base, put(stem, stem, data))] for stem, data in
                      ((f"full-terms-{n}", data) for n, data in enumerate(built.term_shards))]
    meta["stores"] = [[stem, href(base, put(stem, stem, data))] for stem, data in
                      ((f"full-store-{n}", data) for n, data in enumerate(built.store_shards))]
    urls["fullMeta"] = put("fullMeta", "full-meta", json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return files, urls


def build_search(site: Site, offline: bool = False) -> SearchBundle:
    """The search files, named by content hash; for an offline build, as scripts a file:// page can load."""
    extension = "js" if offline else "json"

    def name(stem: str, data: bytes) -> str:
        return site.urls.search_file(f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{extension}")

    files, urls = _files(site, name, as_script if offline else (lambda role, data: data))
    return SearchBundle(files, urls)


def unhashed_urls(scheme: UrlScheme = ROOT) -> dict[str, str]:
    """Fixed addresses of what pages name, for `kbgen serve`, which builds the files only when asked."""
    return {role: scheme.search_file(f"{stem}.json") for role, stem in ROLES}


def build_unhashed(site: Site) -> dict[str, bytes]:
    """The search files at fixed addresses (output path -> bytes)."""
    files, _ = _files(site, lambda stem, data: site.urls.search_file(f"{stem}.json"), lambda role, data: data)
    return files
