"""Link markers: internal links and images leave the Markdown pass as numbered markers
(`REF_OPEN n REF_CLOSE` in their href or src), filled with final URLs once every article's URL
is known (content/links.py resolves them; `fill` swaps them in when a page is rendered)."""
from __future__ import annotations

import re

# ASCII, so the HTML of an ASCII article stays a one-byte-per-character string (a private-use
# character made every article's HTML twice the memory). Both are C0 controls, which HTML does
# not allow in a page; the body's own are replaced (U+FFFD) before parsing so they can never be
# taken for a marker.
REF_OPEN = "\x02"
REF_CLOSE = "\x03"
REF_RE = re.compile(REF_OPEN + r"(\d+)" + REF_CLOSE)


def fill(marked_html: str, hrefs: tuple[str, ...]) -> str:
    """`marked_html` with every marker swapped for its ref's resolved, escaped URL."""
    return REF_RE.sub(lambda m: hrefs[int(m.group(1))], marked_html) if hrefs else marked_html


def unmarked(body: str) -> str:
    """A body with its own marker characters replaced (U+FFFD), so none is taken for a marker."""
    return body.translate(_NOT_A_MARKER)


_NOT_A_MARKER = {ord(REF_OPEN): "\ufffd", ord(REF_CLOSE): "\ufffd"}
