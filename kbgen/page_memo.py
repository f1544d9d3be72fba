"""Which pages of the previous build can be kept as they are: a rebuild renders only the pages
whose inputs changed, and links the others from the site it replaces.

Each article page has a key: a hash of everything its template is given (render.py's context,
the site-wide values its templates see, the theme's files and kbgen's own code). The memo, kept
in the build cache beside the parse cache, records per output path the key it was rendered from
and the file the build wrote (size, modification time, inode). A page is reused only when its
key is the same and the file in the output folder is still the one written then; a page edited
by hand, a deleted site or another output folder means rendering again, never a stale page.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

FORMAT = 1


@dataclass
class PageMemo:
    out_dir: Path
    written: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)  # path -> (key, size, mtime_ns, inode)
    keys: dict[str, str] = field(default_factory=dict)  # this build's key of every keyed page
    reused: set[str] = field(default_factory=set)  # pages this build takes from the previous site

    def reusable(self, output_path: str, key: str) -> bool:
        before = self.written.get(output_path)
        return before is not None and before[0] == key and self.signature(output_path) == before[1:]

    def signature(self, output_path: str) -> tuple[int, int, int] | None:
        """(size, mtime_ns, inode) of the page's file in the output folder, None if there is none."""
        try:
            info = os.stat(os.path.join(self.out_dir, output_path), follow_symlinks=False)
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns, info.st_ino

    def previous_file(self, output_path: str) -> Path:
        return self.out_dir / output_path


def site_key(site_view: str, theme_fingerprint: str, offline: bool) -> str:
    """What every page of a site shares: what its templates see as `site`, the theme, kbgen's code."""
    from .content.disk_cache import code_key
    return hashlib.blake2b(f"{code_key()}\0{jinja2.__version__}\0{theme_fingerprint}\0{offline}\0{site_view}".encode(
        "utf-8", "surrogatepass"), digest_size=16).hexdigest()


def page_key(site: str, context: str) -> str:
    return hashlib.blake2b(f"{site}\0{context}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def memo_path(parse_cache_folder: Path) -> Path:
    """Beside the parse cache, under the same code key: a changed kbgen never reuses a page."""
    return parse_cache_folder.with_name("pages-" + parse_cache_folder.name.removeprefix("parsed-") + ".json")


def load(file: Path, out_dir: Path) -> PageMemo:
    """The memo of the last build into `out_dir`; empty if there is none, it is of another output
    folder, or it is not what `save` writes."""
    memo = PageMemo(out_dir)
    try:
        with open(file, "rb") as stream:
            data = json.load(stream)
        if data.get("format") != FORMAT or data.get("out") != str(out_dir):
            return memo
        memo.written = {path: (key, int(size), int(mtime), int(inode)) for path, (key, size, mtime, inode) in data["pages"].items()
                        if isinstance(path, str) and isinstance(key, str)}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        memo.written = {}
    return memo


def save(memo: PageMemo, file: Path) -> None:
    """Record the files this build wrote (or kept) for its keyed pages; best effort, as caches are."""
    pages = {}
    for output_path, key in memo.keys.items():
        signature = memo.signature(output_path)
        if signature is not None:
            pages[output_path] = [key, *signature]
    partial = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"format": FORMAT, "out": str(memo.out_dir), "pages": pages}, ensure_ascii=False)
        with open(partial, "w", encoding="utf-8") as stream:
            stream.write(data)
        os.replace(partial, file)
        for other in file.parent.glob("pages-*.json"):  # of other kbgen versions
            if other != file:
                other.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)
