"""Parsed articles kept on disk between `kbgen serve` sessions, so a restart of a large help center
does not parse every file again (10,000 articles: 17 s of parsing, 2 s to read back).

The file lives in the user's cache folder, never in the project: it is a pickle, and a project
is something a writer clones from others. Its name carries a hash of kbgen's own code, so a
changed kbgen never reads an old cache. Entries are checked against the files as always
(stamp, then content hash), so a stale entry is parsed again, never shown.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..content.cache import ParseCache


def cache_path(project_dir: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    project = hashlib.sha256(str(Path(project_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return base / "kbgen" / "serve" / project / f"parsed-{code_key()}.pickle"


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
            entries = pickle.load(stream)
        if not isinstance(entries, dict):
            raise ValueError("not a parse cache")
    except FileNotFoundError:
        return 0
    except Exception:  # unreadable, truncated or from elsewhere: start cold and let the next save replace it
        path.unlink(missing_ok=True)
        return 0
    cache.restore(entries)
    return len(entries)


def save(cache: ParseCache, path: Path) -> None:
    """Write atomically, and drop caches of other kbgen versions for this project."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as stream:
            pickle.dump(cache.entries(), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        for other in path.parent.glob("parsed-*.pickle"):
            if other != path:
                other.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next start its speed
