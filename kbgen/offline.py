"""`--offline`: a site that works opened straight from disk (file://).

Every root-relative link, source and form action in the HTML becomes relative to its page, and
folder links name their `index.html`, because a browser reading files has no server to do it.
Search data ships as JavaScript files a page can load with a script element, since file://
pages may neither fetch JSON nor start Workers.
"""
from __future__ import annotations

import json
import posixpath
import re

_ATTRIBUTE = re.compile(r'(\s(?:href|src|action)="|content="0; url=)(/(?!/)[^"]*)"')


def relative_link(target: str, page_path: str, base_path: str) -> str:
    """`/billing/refunds/#fees` seen from `payments/faq/index.html` -> `../../billing/refunds/index.html#fees`."""
    path, mark, rest = target.partition("#")
    path, qmark, query = path.partition("?")
    if not path.startswith(base_path):
        return target
    inside = path[len(base_path):]
    if inside == "" or inside.endswith("/"):
        inside += "index.html"
    relative = posixpath.relpath(inside, posixpath.dirname(page_path) or ".")
    return relative + (qmark + query if qmark else "") + (mark + rest if mark else "")


def relativize(html: bytes, page_path: str, base_path: str) -> bytes:
    text = html.decode("utf-8")
    text = _ATTRIBUTE.sub(lambda m: f'{m.group(1)}{relative_link(m.group(2), page_path, base_path)}"', text)
    return text.encode("utf-8")


def as_script(role: str, data: bytes) -> bytes:
    """JSON search data wrapped so a `<script src>` can load it from disk."""
    return (f"(window.kbgenSearchData = window.kbgenSearchData || {{}})[{json.dumps(role)}] = ".encode("utf-8")
            + data + b";\n")
