"""What the report learns from a built site's kb.json: each answer's title, published URL and source
file (kb.json "source"; an "owner" too if kb.json ever gives one), the answer a search result's path
names, and the steps of each troubleshooter. `Sources` adds what only the project knows: each
answer's owner (`kbgen feedback report --project DIR`, read by `sources.answer_sources`)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class SiteItem:
    id: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    owner: str | None = None


@dataclass
class SiteIndex:
    title: str = ""
    items: dict[tuple[str | None, str], SiteItem] = field(default_factory=dict)  # (language, id); (None, id) too
    paths: dict[str, SiteItem] = field(default_factory=dict)  # URL path (with its #anchor) -> item
    data: dict = field(default_factory=dict)  # kb.json itself, for the troubleshooters' steps

    def item(self, language: str | None, item_id: str) -> SiteItem | None:
        """The item in `language` (exact code, then its base language), else in any language. A FAQ
        question without its own source or owner takes its FAQ page's."""
        found = None
        for code in (language, (language or "").split("-")[0] or None, None):
            found = self.items.get((code, item_id))
            if found is not None:
                break
        if found is not None and "#" in item_id and (found.source is None or found.owner is None):
            page = self.item(language, item_id.split("#")[0])
            if page is not None:
                found = SiteItem(found.id, found.title, found.url, found.source or page.source, found.owner or page.owner)
        return found

    def at_path(self, path: str) -> SiteItem | None:
        """The item a search result's path (as the browser reported it: "/billing/faq/#can-i-pay") names;
        an unknown #anchor (an article's section) falls back to its page."""
        return self.paths.get(path) or self.paths.get(path.split("#")[0])

    def titles(self) -> dict[tuple[str | None, str], str]:
        return {key: item.title for key, item in self.items.items()}


class Sources:
    """(language, article id) -> {"source", "owner"} from the project, looked up like kb.json items:
    the exact language, its base language, then any. A FAQ question is its FAQ file's."""

    def __init__(self, found: dict[tuple[str | None, str], dict]):
        self.found = found
        self.by_id: dict[str, dict] = {}
        for (_, article_id), data in sorted(found.items(), key=lambda i: (i[0][0] or "", i[0][1])):
            self.by_id.setdefault(article_id, data)

    def of(self, language: str | None, item_id: str) -> dict | None:
        page = item_id.split("#")[0]
        for code in (language, (language or "").split("-")[0] or None):
            if code and (code, page) in self.found:
                return self.found[(code, page)]
        return self.by_id.get(page)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _safe_url(value: object) -> str | None:
    """A link the report may write: http(s) or a path on the site, never javascript: or data:."""
    url = _text(value)
    if url is None:
        return None
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("http", "https") or (not scheme and url.startswith("/") and not url.startswith("//")) else None


def read_site(site_dir: Path) -> SiteIndex:
    data = json.loads((Path(site_dir) / "kb.json").read_text(encoding="utf-8"))
    base = urlsplit(str((data.get("site") or {}).get("url") or "")).path.rstrip("/")
    index = SiteIndex(title=str((data.get("site") or {}).get("title") or ""), data=data)
    for raw in data.get("items") or ():
        item = SiteItem(str(raw["id"]), str(raw.get("title") or ""), _safe_url(raw.get("url")),
                        _text(raw.get("source")), _text(raw.get("owner")))
        index.items[(raw.get("language"), item.id)] = item
        index.items.setdefault((None, item.id), item)
        if item.url:
            parts = urlsplit(item.url)
            path = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
            index.paths.setdefault(path, item)
            if base and path.startswith(base + "/"):  # a site under a sub-path: the browser may report either
                index.paths.setdefault(path[len(base):], item)
    return index


def titles_from_site(site_dir: Path) -> dict[tuple[str | None, str], str]:
    """(language, id) -> title; a translation shares its original's id."""
    return read_site(site_dir).titles()


def flow_steps_from_site(site_dir: Path | SiteIndex, language: str | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """flow id -> [(step id, label, "question" or "solution")] in the order of the flow in kb.json. A
    label is the step's question, or "Solution: " and the first words of the step's title if kb.json
    gives one, else of its solution (plain text). Translations share
    their flow's id: `language`'s labels come first, other languages only add the steps it lacks."""
    data = site_dir.data if isinstance(site_dir, SiteIndex) else json.loads(
        (Path(site_dir) / "kb.json").read_text(encoding="utf-8"))
    items = [item for item in data["items"] if item.get("type") == "flow"]
    if language is not None:  # its own labels first (sorted is stable: file order otherwise)
        items.sort(key=lambda item: (item.get("language") or "").lower() != language.lower())
    flows: dict[str, dict[str, tuple[str, str, str]]] = {}
    for item in items:
        steps = flows.setdefault(item["id"], {})
        for step in (item.get("flow") or {}).get("steps") or ():
            if step["id"] in steps:
                continue
            if "solution" in step:
                words = str(step.get("title") or step["solution"] or "").split()  # a step's title: its first words
                label = "Solution: " + " ".join(words[:8]) + (" …" if len(words) > 8 else "")
                steps[step["id"]] = (step["id"], label, "solution")
            else:
                steps[step["id"]] = (step["id"], " ".join(str(step.get("question") or "").split()), "question")
    return {flow: list(steps.values()) for flow, steps in flows.items()}
