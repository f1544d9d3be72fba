"""Parsed articles kept on disk between runs, so neither `kbgen build` nor `kbgen serve` parses a
file again that has not changed (10,000 articles: about 25 s of parsing on two cores).

The default place is the user's cache folder (`~/.cache/kbgen/`), never the project; CI can
name another (`kbgen build --cache-dir DIR`, or `KBGEN_CACHE_DIR`) and keep it between runs.
The cache is a folder with one JSON file per parsed file (content/cache_codec.py), not a pickle,
since a cache restored by CI may come from a store others can write to; one file each, because
after one edit a single entry changes, and rewriting all of them (170 MB for cpp-docs' 9,741
articles) took longer than the rest of the rebuild. The folder's name carries a hash of kbgen's
own code, so a changed kbgen never reads an old cache, and entries are checked against the files
as always (stamp, then content hash), so a stale or forged entry is parsed again, never shown.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from .. import __version__
from .article import ParseOptions, ParsedFile, parse_article_file
from .cache import ParseCache, Stamp, stamp_of
from .cache_codec import entry_from_data, entry_to_data

ENV = "KBGEN_CACHE_DIR"


def cache_path(project_dir: Path, purpose: str = "serve", cache_dir: Path | None = None) -> Path:
    """Where the parse cache of a project lives: one folder per kbgen version, per use."""
    chosen = cache_dir or (Path(os.environ[ENV]) if os.environ.get(ENV) else None)
    base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kbgen"
    project = hashlib.sha256(str(Path(project_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return base / purpose / project / f"parsed-{code_key()}"


@lru_cache(maxsize=1)
def code_key() -> str:
    """kbgen's version and the bytes of its Python code: what parsed results depend on besides input."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def entry_name(path: Path) -> str:
    return hashlib.sha1(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:24] + ".json"


def load(cache: ParseCache, folder: Path) -> int:
    """Fill `cache` from `folder`; return how many entries came back. An entry that cannot be
    read, or is not what this codec writes, is left out (and its file removed)."""
    held = cache.on_disk  # what the folder holds, by entry file: (stamp, parsed), so save writes only changes
    held.clear()
    cache.disk_folder = folder
    try:
        names = os.listdir(folder)
    except NotADirectoryError:  # not a cache of this kbgen: start cold
        _discard(folder)
        return 0
    except OSError:
        return 0
    count = 0
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            with open(folder / name, "rb") as stream:
                stamp, options, parsed = entry_from_data(json.load(stream))
            if entry_name(parsed.path) != name:
                raise ValueError("an entry under another file's name")
        except (OSError, ValueError, UnicodeDecodeError):
            _discard(folder / name)
            continue
        cache.store(stamp, options, parsed)
        held[name] = (stamp, parsed)
        count += 1
    return count


def save(cache: ParseCache, folder: Path) -> None:
    """Write the entries that changed since `load` (each atomically), remove those of files that
    are gone, and drop the caches of other kbgen versions for this project."""
    held = cache.on_disk
    try:
        folder.mkdir(parents=True, exist_ok=True)
        current = {entry_name(path): entry for path, entry in cache.entries().items()}
        for name, entry in current.items():
            before = held.get(name)
            if before is not None and before[0] == entry.stamp and before[1] is entry.parsed:
                continue
            write_entry(folder, entry.stamp, entry.options, entry.parsed)
            held[name] = (entry.stamp, entry.parsed)
        for name in [n for n in held if n not in current]:
            (folder / name).unlink(missing_ok=True)
            del held[name]
        for other in folder.parent.glob("parsed-*"):
            if other != folder:
                _discard(other)
    except OSError:
        pass  # a cache that cannot be written only costs the next run its speed


def write_entry(folder: Path, stamp: Stamp, options: ParseOptions, parsed: ParsedFile) -> str:
    """Write one entry atomically; return its file name. Raises OSError."""
    name = entry_name(parsed.path)
    partial = folder / f".{name}.{os.getpid()}.tmp"
    # dumps, not dump: json.dump streams through the pure-Python encoder, several times slower
    data = json.dumps(entry_to_data(stamp, options, parsed), ensure_ascii=False, separators=(",", ":"))
    with open(partial, "w", encoding="utf-8") as stream:
        stream.write(data)
    os.replace(partial, folder / name)
    return name


def parse_and_keep(path: Path, options: ParseOptions, folder: Path) -> tuple[Stamp | None, ParsedFile, str | None]:
    """Parse one file in a worker process and write its cache entry there: (stamp, parsed, the
    entry's name, or None when none was written). A cold build of cpp-docs spent 5 s encoding
    and writing 170 MB in the main process after the workers had finished."""
    stamp = stamp_of(path)  # before reading, as ParseCache.store requires
    parsed = parse_article_file(path, options)
    if stamp is None or not parsed.digest:
        return stamp, parsed, None
    try:
        return stamp, parsed, write_entry(folder, stamp, options, parsed)
    except OSError:
        return stamp, parsed, None


def _discard(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
