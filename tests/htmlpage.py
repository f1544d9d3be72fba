"""Read produced HTML the way tests need it."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def page(site: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site URL such as '/billing/refunds/'."""
    rel = url.strip("/")
    path = site / rel / "index.html" if not rel.endswith(".html") else site / rel
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def links(node) -> list[str]:
    return [a["href"] for a in node.select("a[href]")]
