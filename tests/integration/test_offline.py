"""`--offline`: a build that works opened from disk."""
from __future__ import annotations

import posixpath
from pathlib import Path

from kbgen.offline import relative_link
from tests.conftest import run_cli
from tests.htmlpage import page


def test_relative_links():
    assert relative_link("/billing/refunds/#fees", "payments/faq/index.html", "/") == "../../billing/refunds/index.html#fees"
    assert relative_link("/", "index.html", "/") == "index.html"
    assert relative_link("/search/?q=x", "a/index.html", "/") == "../search/index.html?q=x"
    assert relative_link("/assets/s.css", "404.html", "/") == "assets/s.css"
    assert relative_link("/help/a/", "b/index.html", "/help/") == "../a/index.html"
    assert relative_link("/elsewhere/", "b/index.html", "/help/") == "/elsewhere/"


def test_every_link_of_an_offline_build_is_relative_and_resolves(fixture_site, tmp_path):
    out = tmp_path / "offline"
    result = run_cli("build", fixture_site("full"), "--offline", "-o", out)
    assert result.exit_code == 0, result.stderr
    checked = 0
    for html in out.rglob("*.html"):
        doc = page(out, "/" + html.relative_to(out).as_posix())
        here = html.relative_to(out).parent.as_posix()
        for node, attr in [(n, a) for a in ("href", "src", "action") for n in doc.find_all(attrs={a: True})]:
            value = node[attr]
            if value.startswith(("http:", "https:", "mailto:", "#")):
                continue
            assert not value.startswith("/"), (html, value)
            target = Path(out, posixpath.normpath(posixpath.join(here, value.split("#")[0].split("?")[0])))
            assert target.is_file(), (html, value)
            checked += 1
    assert checked > 100
    config = page(out, "/").find("script", id="kb-search-config").string
    assert '"offline": true' in config
    assert (out / "search" / "quick-meta.js").is_file() and not list((out / "search").glob("*.json"))
