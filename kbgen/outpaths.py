"""The one rule for where a build may write: inside the output folder, never over another file.

An output path is relative, made of real names (no empty, `.` or `..` segment, no backslash or
control character, none longer than a file system allows). `OutputClaims` hands each path out
once, compared without case (a writer's Mac or Windows disk would let `Billing/` replace
`billing/`), and refuses a file where another claim needs a folder (`kb.json/index.html`
beside `kb.json`). Site loading runs it over every page and alias with the line that asked for
it; the writer (`output.SiteFiles`) runs it again over every byte it is about to write.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

# Top-level folders of kbgen's own pages and files: no category, article or alias may live there.
RESERVED_FOLDERS = ("tags", "search", "assets", "__kbgen")
LANGUAGE_FOLDERS = ("tags", "search")  # what each language folder of a multilingual site holds
# Files kbgen writes at the root of every site (sitemap-N.xml too, past 50,000 URLs).
GENERATED_FILES = ("index.html", "404.html", "kb.json", "robots.txt", "_redirects", "sitemap.xml", "feed.xml")
_SITEMAP_PART = re.compile(r"^sitemap-\d+\.xml$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_SEGMENT_BYTES = 255


def segment_problem(segment: str) -> str | None:
    """Why `segment` cannot be one name in an output path, or None."""
    if segment in ("", ".", ".."):
        return f"'{segment}' is not a name" if segment else "an empty name"
    if "/" in segment or "\\" in segment:
        return f"'{segment}' holds a slash"
    if _CONTROL.search(segment):
        return "it holds a control character"
    if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
        return f"a name is longer than {MAX_SEGMENT_BYTES} bytes"
    return None


@lru_cache(maxsize=200_000)  # kbgen serve claims the same paths on every reload
def path_problem(output_path: str) -> str | None:
    """Why `output_path` would not stay a file of its own inside the output folder, or None."""
    if output_path.startswith("/") or not output_path:
        return "it is not a path inside the site"
    for segment in output_path.split("/"):
        problem = segment_problem(segment)
        if problem:
            return problem
    return None


def reserved_problem(output_path: str, language_prefixes: tuple[str, ...] = ()) -> str | None:
    """Why a writer's page or alias may not take `output_path`, which kbgen's own files use.
    In a multilingual site each language folder (`es/`) has its own `search/`, `tags/`,
    `404.html` and `feed.xml`."""
    first, _, rest = output_path.partition("/")
    if rest and first.casefold() in RESERVED_FOLDERS:
        return f"/{first}/ is where kbgen publishes its own pages"
    if first.casefold() in GENERATED_FILES[1:] or _SITEMAP_PART.match(first):
        return f"/{first} is a file kbgen generates"
    if first.casefold() in (p.casefold() for p in language_prefixes) and rest:
        second, _, deeper = rest.partition("/")
        if deeper and second.casefold() in LANGUAGE_FOLDERS:
            return f"/{first}/{second}/ is where kbgen publishes its own pages"
        if second.casefold() in ("404.html", "feed.xml"):
            return f"/{first}/{second} is a file kbgen generates"
    return None


@dataclass(frozen=True)
class Owner:
    """Who claimed an output path, as a diagnostic names it."""

    label: str  # "'content/billing/refunds.md'", "the category folder 'content/billing/'"
    kind: str = "page"  # page, alias, file (static/, images), generated (kbgen's own)
    path: Path | None = None
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Conflict:
    """Why a claim was refused: `owner` holds the path already (None when the path itself is unsafe)."""

    reason: str  # completes "'billing/refunds/index.html' ...", e.g. "is already written by 'content/a.md'"
    owner: Owner | None = None


class OutputClaims:
    def __init__(self) -> None:
        self._files: dict[str, tuple[str, Owner]] = {}
        self._folders: dict[str, tuple[str, Owner]] = {}  # folder -> the first file claimed below it

    def claim(self, output_path: str, owner: Owner) -> Conflict | None:
        """Reserve `output_path` for `owner`, or say why it cannot be."""
        problem = path_problem(output_path)
        if problem:
            return Conflict(f"would leave its folder: {problem}")
        key = output_path.casefold()
        taken = self._files.get(key)
        if taken is not None:
            if taken[0] == output_path:
                return Conflict(f"is also used by {taken[1].label}", taken[1])
            return Conflict(f"differs only in case from {shown(taken[0])}, used by {taken[1].label}: on a disk that "
                            "ignores case (macOS, Windows) one would replace the other", taken[1])
        taken = self._folders.get(key)
        if taken is not None:
            return Conflict(f"is the folder of {shown(taken[0])}, used by {taken[1].label}", taken[1])
        parts = key.split("/")
        for end in range(1, len(parts)):
            below = self._files.get("/".join(parts[:end]))
            if below is not None:
                return Conflict(f"needs {shown(below[0])} to be a folder, but it is a file of {below[1].label}", below[1])
        self._files[key] = (output_path, owner)
        for end in range(1, len(parts)):
            self._folders.setdefault("/".join(parts[:end]), (output_path, owner))
        return None


def shown(output_path: str) -> str:
    """An output path as the address a reader sees: `billing/index.html` -> `/billing/`."""
    if output_path == "index.html":
        return "/"
    if output_path.endswith("/index.html"):
        return "/" + output_path[: -len("index.html")]
    return "/" + output_path
