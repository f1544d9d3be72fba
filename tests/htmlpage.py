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


def reader_pages(site: Path):
    """(file, parsed page) for every page a reader stays on: redirect pages for old addresses move on at once."""
    for html in sorted(site.rglob("*.html")):
        doc = page(site, "/" + html.relative_to(site).as_posix())
        if not doc.find("meta", attrs={"http-equiv": "refresh"}):
            yield html, doc
