"""The project's files as kbgen may read them.

One rule for symlinks: a link that resolves inside the project (its folder, the content
folder, the theme folder it names) works like the file or folder it points at; one that
leaves them, or leads back into a folder already being read, is never read, and a warning
names it (an error under --strict). A broken one is an unreadable file: an error.

One rule for reading: only regular files are opened (a FIFO named `faq.md` would block the
build forever), and text is UTF-8 with the line and column of the first bad byte.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import Reporter


@dataclass(frozen=True)
class Roots:
    """The folders kbgen may read from, resolved."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, folders: Iterable[Path]) -> "Roots":
        return cls(tuple(dict.fromkeys(Path(os.path.realpath(f)) for f in folders)))

    def contain(self, real: str | Path) -> bool:
        real = Path(real)
        return any(real == root or real.is_relative_to(root) for root in self.folders)

    def allow(self, path: Path) -> bool:
        """Whether `path`, with every symlink on the way resolved, stays inside the roots."""
        return self.contain(os.path.realpath(path))


@dataclass(frozen=True)
class Entry:
    name: str
    path: Path
    is_dir: bool


class SafeTree:
    """Lists folders under one rule: what a symlink may lead to, and which folders were read.

    One instance per tree walked, so a folder reached twice (a symlink back up, or two links to
    one folder) is read once and the walk stays linear in the size of the tree."""

    def __init__(self, roots: Roots, reporter: Reporter):
        self.roots = roots
        self.reporter = reporter
        self._entered: dict[tuple[int, int], Path] = {}

    def enter(self, folder: Path) -> bool:
        """Claim `folder` for reading; False (with a warning) when this walk already read it."""
        try:
            info = os.stat(folder)
        except OSError as exc:
            self.reporter.error("read-error", f"cannot read the folder: {exc.strerror}", folder)
            return False
        key = (info.st_dev, info.st_ino)
        first = self._entered.get(key)
        if first is not None:
            self.reporter.warning("symlink-loop", f"leads back to '{first.name or first}', which is already read; it is skipped",
                                  folder, hint="remove the symlink, or point it at a folder outside this tree")
            return False
        self._entered[key] = folder
        return True

    def entries(self, folder: Path) -> list[Entry]:
        """The folder's files and subfolders in name order; refused entries are reported and left out."""
        try:
            scanned = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.reporter.error("read-error", f"cannot read the folder: {exc.strerror}; its articles would be missing",
                                folder, hint="fix its permissions")
            return []
        found = []
        for entry in scanned:
            path = Path(entry.path)
            try:
                if entry.is_symlink() and not self._symlink_ok(path):
                    continue
                mode = entry.stat().st_mode
            except OSError as exc:
                self.reporter.warning("symlink-loop" if entry.is_symlink() else "read-error",
                                      f"cannot be read: {exc.strerror}", path)
                continue
            if stat.S_ISDIR(mode):
                found.append(Entry(entry.name, path, True))
            elif stat.S_ISREG(mode):
                found.append(Entry(entry.name, path, False))
            elif not entry.name.startswith("."):
                self.reporter.warning("not-a-file", "is not a regular file (a pipe, socket or device); it is not read", path)
        return found

    def files(self, root: Path, skip=lambda entry: entry.name.startswith(".")) -> list[Path]:
        """Every regular file under `root` (recursively, in a stable order), skipping what `skip` says."""
        if not root.is_dir() or not self.enter(root):
            return []
        found: list[Path] = []
        pending = [root]
        while pending:
            folder = pending.pop()
            subfolders = []
            for entry in self.entries(folder):
                if skip(entry):
                    continue
                if entry.is_dir:
                    if self.enter(entry.path):
                        subfolders.append(entry.path)
                else:
                    found.append(entry.path)
            pending.extend(reversed(subfolders))
        return sorted(found)

    def _symlink_ok(self, path: Path) -> bool:
        real = os.path.realpath(path)
        if not os.path.exists(real):
            self.reporter.error("read-error", f"cannot read the file: it is a symlink to '{os.readlink(path)}', which does not exist",
                                path, hint="restore the file it points at, or remove the symlink")
            return False
        if not self.roots.contain(real):
            self.reporter.warning("symlink-outside", "is a symlink that resolves outside the project; it is never read",
                                  path, hint="copy the file into the project instead")
            return False
        return True


class NotRegularFile(OSError):
    pass


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file. Anything else (a FIFO, a device) raises NotRegularFile at once."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(0, "not a regular file (a pipe, socket or device)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


class DecodeError(ValueError):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def decode_utf8(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); DecodeError names the first bad byte's line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DecodeError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line, column) from None


def read_text(path: Path, reporter: Reporter) -> str | None:
    """A writer's text file, or None after reporting why it cannot be read (code `read-error` or `encoding`)."""
    try:
        data = read_bytes(path)
    except OSError as exc:
        reporter.error("read-error", f"cannot read the file: {exc.strerror or exc}", path)
        return None
    try:
        return decode_utf8(data)
    except DecodeError as exc:
        reporter.error("encoding", exc.message, path, exc.line, exc.column, hint="save the file with UTF-8 encoding")
        return None


def find_line(path: Path, needle: str) -> tuple[int | None, int | None]:
    """Where `needle` first appears in a file (1-based), for problems found after parsing."""
    try:
        lines = decode_utf8(read_bytes(path)).splitlines()
    except (OSError, DecodeError):
        return None, None
    for number, line in enumerate(lines, 1):
        column = line.find(needle)
        if column >= 0:
            return number, column + 1
    return None, None


def project_relative(path: Path, project_dir: Path) -> str:
    """A path as a writer reads it in a message: relative to the project when inside it."""
    text, root = path.as_posix(), project_dir.as_posix().rstrip("/") + "/"
    # String prefixes, not Path.relative_to: every page's owner label is made on every load.
    return text[len(root):] if text.startswith(root) and len(text) > len(root) else text
