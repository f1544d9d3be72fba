"""Parsed articles kept on disk between runs, so neither `kbgen build` nor `kbgen serve` parses a
file again that has not changed (10,000 articles: about 25 s of parsing on two cores).

The default place is the user's cache folder (`~/.cache/kbgen/`), never the project; CI can
name another (`kbgen build --cache-dir DIR`, or `KBGEN_CACHE_DIR`) and keep it between runs.
The file is JSON (content/cache_codec.py), not a pickle, since a cache restored by CI may come
from a store others can write to. Its name carries a hash of kbgen's own code, so a changed
kbgen never reads an old cache, and entries are checked against the files as always (stamp, then
content hash), so a stale or forged entry is parsed again, never shown.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from .. import __version__
from .cache import ParseCache
from .cache_codec import entry_from_data, entry_to_data

ENV = "KBGEN_CACHE_DIR"


def cache_path(project_dir: Path, purpose: str = "serve", cache_dir: Path | None = None) -> Path:
    """Where the parse cache of a project lives: one file per kbgen version, per use."""
    chosen = cache_dir or (Path(os.environ[ENV]) if os.environ.get(ENV) else None)
    base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kbgen"
    project = hashlib.sha256(str(Path(project_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return base / purpose / project / f"parsed-{code_key()}.json"


@lru_cache(maxsize=1)
def code_key() -> str:
    """kbgen's version and the bytes of its Python code: what parsed results depend on besides input."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def load(cache: ParseCache, path: Path) -> int:
    """Fill `cache` from `path`; return how many entries came back (0 when there is no usable file)."""
    try:
        with open(path, "rb") as stream:
            data = json.load(stream)
        if not isinstance(data, list):
            raise ValueError("not a parse cache")
        entries = [entry_from_data(item) for item in data]
    except FileNotFoundError:
        return 0
    except (OSError, ValueError, UnicodeDecodeError):  # unreadable, truncated or from elsewhere: start cold
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        return 0
    for stamp, options, parsed in entries:
        cache.store(stamp, options, parsed)
    return len(entries)


def save(cache: ParseCache, path: Path) -> None:
    """Write atomically, and drop caches of other kbgen versions for this project."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        data = [entry_to_data(entry.stamp, entry.options, entry.parsed) for entry in cache.entries().values()]
        with open(partial, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, separators=(",", ":"))
        os.replace(partial, path)
        for other in path.parent.glob("parsed-*"):
            if other != path:
                other.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next run its speed
