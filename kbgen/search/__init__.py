"""Site -> search files (see index.py) and the URLs pages need to load them.

Pages name the two meta files: the quick one (titles, keywords, questions) names its term shards
and the store shards, the full one its term shards. The meta files have fixed names, so an edit
changes the pages it touches and not every page of the site; the browser revalidates them on
each search session. Every other name carries a hash of its bytes (the store shards: of all their
bytes together; hosts cache them forever). Under `kbgen serve`, which builds the files only when
asked, every name is fixed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable

from ..model import Site
from .entries import collect_entries
from .index import as_json, build_search_files
from ..offline import as_script
from ..urls import ROOT, UrlScheme, href


@dataclass(frozen=True)
class SearchBundle:
    files: dict[str, bytes]  # output path -> bytes
    urls: dict[str, str]  # role -> site path, e.g. "quickMeta" -> "/search/quick-meta.1a2b3c4d5e.json"


ROLES = (("quickMeta", "quick-meta"), ("fullMeta", "full-meta"))
META_STEMS = frozenset(stem for _, stem in ROLES)
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

    base = site.config.base_path  # the worker fetches these addresses as they are: under the base path

    def shards(prefix: str, datas) -> list[list[str]]:
        return [[f"{prefix}-{n}", href(base, put(f"{prefix}-{n}", f"{prefix}-{n}", data))] for n, data in enumerate(datas)]

    def stores(datas) -> dict:
        # Thousands of small store shards: one hash of them all names each (an address template in
        # the meta, not a list of addresses that would outweigh the shards a query fetches).
        wrapped = [wrap(f"store-{n}", data) for n, data in enumerate(datas)]
        together = hashlib.sha256(b"\0".join(wrapped)).digest()  # what the namer hashes, for each
        for n, data in enumerate(wrapped):
            files[name(f"store-{n}", together).lstrip("/")] = data
        first = href(base, name("store-0", together))
        cut = first.rindex("store-0.")
        return {"storeUrl": first[:cut] + "store-{n}." + first[cut + len("store-0."):], "storeCount": len(wrapped)}

    quick = dict(built.quick_meta, shards=shards("quick-terms", built.quick_shards), **stores(built.store_shards))
    urls["quickMeta"] = put("quickMeta", "quick-meta", as_json(quick))
    urls["fullMeta"] = put("fullMeta", "full-meta", as_json(dict(built.full_meta, shards=shards("full-terms", built.term_shards))))
    return files, urls


def build_search(site: Site, offline: bool = False) -> SearchBundle:
    """The search files, named by content hash; for an offline build, as scripts a file:// page can load."""
    extension = "js" if offline else "json"

    def name(stem: str, data: bytes) -> str:
        if stem in META_STEMS:  # every page names them: an edit must not change every page (docs/search.md)
            return site.urls.search_file(f"{stem}.{extension}")
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
