"""The dev server's WSGI application on a real fixture project: what it serves, what it refuses,
the live-reload script, the error overlay and the mounted feedback endpoint."""
from __future__ import annotations

import io
import json
import os
import sqlite3

import pytest

from kbgen.server import DevServer, ServeOptions
from kbgen.server.app import is_safe


def call(app, path: str, method: str = "GET", body: bytes = b"", content_type: str = "", query: str = ""):
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "wsgi.input": io.BytesIO(body),
               "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": content_type, "REMOTE_ADDR": "127.0.0.1"}
    data = b"".join(app(environ, start_response))
    return int(captured["status"].split()[0]), captured["headers"], data


@pytest.fixture
def dev(fixture_site):
    project = fixture_site("full")
    lines: list[str] = []
    server = DevServer(project, ServeOptions(port=0), lines.append)
    server.lines = lines
    yield server
    server.stop()


def test_pages_are_rendered_on_request_with_the_live_script(dev):
    status, headers, body = call(dev.app, "/billing/refunds/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Refunds</h1>" in body or b"Refunds" in body
    assert body.count(b'src="/__kbgen/live.js"') == 1
    assert body.index(b"/__kbgen/live.js") < body.rindex(b"</body>")
    status, headers, body = call(dev.app, "/__kbgen/live.js")
    assert status == 200 and headers["Content-Type"].startswith("application/javascript") and b"location.reload" in body


def test_drafts_are_served_with_their_badge_by_default(dev):
    status, _, body = call(dev.app, "/account/new-feature/")
    assert status == 200 and b"badge-draft" in body


def test_clean_urls_redirect_and_unknown_paths_get_the_404_page(dev):
    status, headers, _ = call(dev.app, "/billing/refunds")
    assert status == 301 and headers["Location"] == "/billing/refunds/"
    status, _, body = call(dev.app, "/billing/no-such-page/")
    assert status == 404 and b"/__kbgen/live.js" in body and b"<html" in body
    assert call(dev.app, "/billing/refunds/", method="POST")[0] == 405


def test_every_kind_of_output_is_served_as_the_build_writes_it(dev):
    assert call(dev.app, "/favicon.svg")[1]["Content-Type"].startswith("image/svg+xml")
    assert call(dev.app, "/billing/img/refund-dialog.png")[1]["Content-Type"] == "image/png"
    status, headers, body = call(dev.app, "/sitemap.xml")
    assert status == 200 and b"https://help.acme.test/billing/refunds/" in body
    status, _, body = call(dev.app, "/search/quick-meta.json")
    assert status == 200 and json.loads(body)
    page = call(dev.app, "/")[2].decode()
    assert "/search/quick-meta.json" in page  # pages point at the unhashed search files serve builds lazily
    css = next(part.split('"')[0] for part in page.split('href="')[1:] if part.startswith("/assets/style."))
    assert call(dev.app, css)[0] == 200


@pytest.mark.parametrize("path", [
    "/../kbgen.yaml", "/billing/../../kbgen.yaml", "/./kbgen.yaml", "//etc/passwd", "/etc/passwd",
    "/billing/..", "/..%2fkbgen.yaml", "/content/billing/refunds.md", "/kbgen.yaml", "/billing\\..\\kbgen.yaml",
    "/billing/refunds/\x00", "/.kbgen/feedback.sqlite",
])
def test_nothing_outside_the_site_is_served(dev, path):
    status, _, body = call(dev.app, path)
    assert status in (301, 404)
    assert b"site:" not in body and b"root:" not in body


def test_is_safe_rejects_every_way_out():
    assert is_safe("") and is_safe("billing/refunds/") and is_safe("assets/style.css")
    for bad in ("..", "../x", "a/../b", "a/./b", "/etc/passwd", "a//b", "a\\b", "a\x00", "."):
        assert not is_safe(bad), bad


def test_symlinks_leaving_the_project_are_refused(fixture_site, tmp_path):
    project = fixture_site("full")
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    os.symlink(secret, project / "static" / "leak.txt")
    (project / "content" / "billing" / "img" / "outside.png").symlink_to(secret)
    refunds = project / "content" / "billing" / "refunds.md"
    refunds.write_text(refunds.read_text() + "\n![Outside](img/outside.png)\n")
    inside = project / "static" / "inside.txt"
    inside.write_text("fine")
    os.symlink(inside, project / "static" / "alias.txt")
    lines: list[str] = []
    server = DevServer(project, ServeOptions(port=0), lines.append)
    try:
        for path in ("/leak.txt", "/billing/img/outside.png"):
            status, _, body = call(server.app, path)
            assert status == 404 and b"top secret" not in body
        assert any("resolves outside the project" in line for line in lines)
        assert call(server.app, "/alias.txt")[2] == b"fine"  # a link that stays inside is fine
    finally:
        server.stop()


def test_a_broken_save_keeps_the_last_good_site_with_an_overlay(dev):
    refunds = dev.live.project_dir / "content" / "billing" / "refunds.md"
    good = refunds.read_text()
    epoch = dev.live.epoch
    refunds.write_text("---\ntitle: [unclosed\n---\nBody\n")
    dev._changed([str(refunds)])
    assert dev.live.epoch != epoch
    status, _, body = call(dev.app, "/billing/refunds/")
    assert status == 200 and b"Get a refund" in body  # the last good page
    assert b'id="kbgen-error-overlay"' in body and b"content/billing/refunds.md:3:1" in body
    assert b"frontmatter-syntax" in body
    assert any("content/billing/refunds.md:3:1" in line and "error[frontmatter-syntax]" in line for line in dev.lines)
    assert any("reload failed" in line and "still serving the last good site" in line for line in dev.lines)
    refunds.write_text(good.replace("title: Get a refund", "title: Get a refund, fixed"))
    dev._changed([str(refunds)])
    body = call(dev.app, "/billing/refunds/")[2]
    assert b"kbgen-error-overlay" not in body and b"Get a refund, fixed" in body


def test_overlay_text_is_escaped(dev):
    refunds = dev.live.project_dir / "content" / "billing" / "refunds.md"
    refunds.write_text("---\ntitle: ok\n<script>alert(1)</script>: [\n---\n")
    dev._changed([str(refunds)])
    body = call(dev.app, "/")[2]
    assert b"kbgen-error-overlay" in body and b"<script>alert(1)" not in body


def test_the_poll_answers_at_once_when_the_client_is_behind(dev):
    status, _, body = call(dev.app, "/__kbgen/poll", query="epoch=old")
    assert status == 200 and json.loads(body)["epoch"] == dev.live.epoch


def test_the_poll_waits_for_a_change(dev, monkeypatch):
    import kbgen.server.app as app_module
    monkeypatch.setattr(app_module, "POLL_SECONDS", 0.2)
    status, _, body = call(dev.app, "/__kbgen/poll", query=f"epoch={dev.live.epoch}")
    assert json.loads(body)["epoch"] == dev.live.epoch  # timed out, nothing changed


def test_votes_land_in_the_project_database_and_unknown_pages_are_refused(dev):
    vote = {"type": "vote", "page": "billing/refunds", "helpful": True}
    status, _, _ = call(dev.app, "/api/feedback", "POST", json.dumps(vote).encode(), "application/json")
    assert status == 204
    draft_vote = {"type": "vote", "page": "account/new-feature", "helpful": False}  # drafts are served, so votable
    assert call(dev.app, "/api/feedback", "POST", json.dumps(draft_vote).encode(), "application/json")[0] == 204
    unknown = {"type": "vote", "page": "billing/nope", "helpful": True}
    assert call(dev.app, "/api/feedback", "POST", json.dumps(unknown).encode(), "application/json")[0] == 422
    with sqlite3.connect(dev.live.project_dir / ".kbgen" / "feedback.sqlite") as db:
        pages = sorted(row[0] for row in db.execute("SELECT page FROM events"))
    assert pages == ["account/new-feature", "billing/refunds"]


def test_a_production_endpoint_url_is_replaced_by_the_local_one(fixture_site):
    project = fixture_site("full")
    config = project / "kbgen.yaml"
    config.write_text(config.read_text().replace("endpoint: /api/feedback", "endpoint: https://feedback.acme.test/v1/votes"))
    server = DevServer(project, ServeOptions(port=0), lambda line: None)
    try:
        page = call(server.app, "/billing/refunds/")[2].decode()
        assert "feedback.acme.test" not in page and "/v1/votes" in page
        vote = {"type": "vote", "page": "billing/refunds", "helpful": True}
        assert call(server.app, "/v1/votes", "POST", json.dumps(vote).encode(), "application/json")[0] == 204
    finally:
        server.stop()


def test_a_project_that_never_built_shows_its_errors_and_recovers(write_project):
    project = write_project({"content/a.md": "---\ntitle: [\n---\n"})
    server = DevServer(project, ServeOptions(port=0), lambda line: None)
    try:
        status, _, body = call(server.app, "/")
        assert status == 503 and b"kbgen-error-overlay" in body and b"content/a.md:3:1" in body
        (project / "content" / "a.md").write_text("# Fine now\n")
        server._changed([str(project / "content" / "a.md")])
        status, _, body = call(server.app, "/a/")
        assert status == 200 and b"Fine now" in body
    finally:
        server.stop()


def test_only_site_sources_trigger_a_reload(dev):
    project = dev.live.project_dir
    assert dev._feeds_site(project / "content" / "billing" / "refunds.md")
    assert dev._feeds_site(project / "kbgen.yaml")
    assert dev._feeds_site(project / "static" / "logo.svg")
    assert not dev._feeds_site(project / "README.md")
    assert not dev._feeds_site(project / "site" / "index.html")


def test_a_template_error_in_a_page_kind_the_home_does_not_use_is_caught_at_save(fixture_site):
    project = fixture_site("full")
    (project / "theme" / "templates").mkdir(parents=True)
    server = DevServer(project, ServeOptions(port=0), lambda line: None)
    try:
        override = project / "theme" / "templates" / "faq.html"
        override.write_text('{% extends "default/faq.html" %}{% block main %}{{ no_such_thing.attr }}{% endblock %}\n')
        result = server.live.reload()
        assert not result.ok
        assert any(d.code == "template-error" and d.path == override for d in result.diagnostics)
        status, _, body = call(server.app, "/billing/faq/")
        assert status == 200 and b"kbgen-error-overlay" in body and b"faq.html" in body  # the last good FAQ page
        override.write_text("{% extends \"default/faq.html\" %}{% block main %}{{ undefined_name }}{% endblock %}\n")
        assert not server.live.reload().ok
        override.unlink()
        assert server.live.reload().ok
    finally:
        server.stop()


def test_a_render_failure_at_request_time_shows_its_own_diagnostic(dev, monkeypatch):
    from kbgen.errors import Diagnostic, KbgenError

    def broken():
        raise KbgenError(Diagnostic("error", "template-error", "boom", dev.live.project_dir / "theme.html", 3))

    snapshot = dev.live.snapshot
    snapshot._rendered.pop("billing/refunds/index.html", None)
    monkeypatch.setitem(snapshot.pages, "billing/refunds/index.html", broken)
    status, _, body = call(dev.app, "/billing/refunds/")
    assert status == 500 and b"kbgen-error-overlay" in body and b"theme.html:3" in body and b"boom" in body


def test_an_unknown_path_does_not_build_the_seo_files(dev, monkeypatch):
    import kbgen.server.snapshot as snapshot_module

    built = []
    monkeypatch.setattr(snapshot_module, "seo_files", lambda *a: built.append(1) or {})
    assert call(dev.app, "/favicon.ico")[0] == 404
    assert call(dev.app, "/no/such/page/")[0] == 404
    assert built == []
    call(dev.app, "/robots.txt")
    assert built == [1]


def test_alias_redirect_pages_are_served(dev):
    status, _, body = call(dev.app, "/hc/articles/123-refunds/")
    assert status == 200 and b'http-equiv="refresh"' in body and b"/billing/refunds/" in body


def test_a_multilingual_site_is_served_with_each_language_whole(fixture_site):
    lines: list[str] = []
    server = DevServer(fixture_site("multilingual"), ServeOptions(port=0), lines.append)
    try:
        assert call(server.app, "/")[0] == 200 and b"language-choice" in call(server.app, "/")[2]
        for path in ("/es/", "/es/billing/", "/ar/billing/refunds/", "/zh/search/", "/es/search/quick-meta.json",
                     "/ar/search/full-meta.json", "/ar/search/full-terms-0.json", "/ar/search/store-0.json", "/es/feed.xml", "/sitemap.xml", "/kb.json"):
            assert call(server.app, path)[0] == 200, path
        status, _, body = call(server.app, "/es/no-such-page/")
        assert status == 404 and b'<html lang="es"' in body  # the language's own 404 page
        assert b'<html lang="en"' in call(server.app, "/no-such-page/")[2]
        assert not any("translation-missing" in line for line in lines)  # notes are kbgen check's
        assert any("translation-outdated" in line for line in lines)
    finally:
        server.stop()


def test_a_save_of_known_files_reuses_the_folder_walk_and_anything_else_walks_again(dev, monkeypatch, tmp_path):
    """The watcher's list of saved files decides whether the content folder is walked again: a
    save of files the site already had reuses the last walk (with its warnings), and a new file,
    a deleted one, or one turned into a symlink out of the project is always walked."""
    import kbgen.site

    walks = []
    real = kbgen.site.discover
    monkeypatch.setattr(kbgen.site, "discover", lambda *a, **k: walks.append(1) or real(*a, **k))
    project = dev.live.project_dir
    refunds = project / "content" / "billing" / "refunds.md"
    # The watcher observed from before the first load, so even the first save reuses its walk.
    refunds.write_text(refunds.read_text() + "\nA paragraph about chargebacks.\n")
    dev._changed([str(refunds)])
    assert len(walks) == 0 and b"chargebacks" in call(dev.app, "/billing/refunds/")[2]

    new = project / "content" / "billing" / "chargebacks.md"
    new.write_text("# Chargebacks\n\nWhat happens when a bank reverses a payment.\n")
    dev._changed([str(new)])
    assert len(walks) == 1 and call(dev.app, "/billing/chargebacks/")[0] == 200

    new.unlink()
    dev._changed([str(new)])
    assert len(walks) == 2 and call(dev.app, "/billing/chargebacks/")[0] == 404

    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\ntop secret\n")
    refunds.unlink()
    refunds.symlink_to(secret)
    dev._changed([str(refunds)])
    assert len(walks) == 3
    assert b"top secret" not in call(dev.app, "/billing/refunds/")[2]
    assert any("resolves outside the project" in line for line in dev.lines)
    invoices = project / "content" / "billing" / "invoices.md"
    invoices.write_text(invoices.read_text() + "\nOne more line.\n")
    result = dev.live.reload(saved=[str(invoices)])
    assert len(walks) == 3 and result.ok
    assert [d.code for d in result.diagnostics if d.path == refunds] == ["symlink-outside"]  # the walk's warning, kept


def test_a_save_while_the_first_load_runs_reaches_the_first_reload(tmp_path):
    """The watcher observes from before the first load: a change made before it starts handing
    changes on is delivered, by path, once it does (so the first reload can be a patch)."""
    import threading

    from kbgen.server.watch import Watcher

    article = tmp_path / "content" / "a.md"
    article.parent.mkdir(parents=True)
    article.write_text("# A\n")
    delivered: list[list[str]] = []
    done = threading.Event()
    watcher = Watcher([tmp_path], lambda paths: (delivered.append(paths), done.set()))
    watcher.observe()
    try:
        article.write_text("# A\n\nSaved while the site loaded.\n")
        watcher.start()
        assert done.wait(10)
    finally:
        watcher.stop()
    assert delivered[0] == [str(article.resolve())]


def test_a_patched_save_prints_only_the_warnings_it_brings(dev):
    """Saves are patched in; the terminal still shows a warning once, when it appears, and the
    counts are the whole site's."""
    refunds = dev.live.project_dir / "content" / "billing" / "refunds.md"
    good = refunds.read_text()

    def save(text: str) -> list[str]:
        start = len(dev.lines)
        refunds.write_text(text)
        dev._changed([str(refunds)])
        return dev.lines[start:]

    before = dev.live.reload()  # a full load: the whole count
    baseline = sum(1 for d in before.diagnostics if d.severity == "warning")
    broken = good + "\nSee [the gone page](gone-away.md) and [another](gone-too.md).\n"
    lines = save(broken)
    assert [line for line in lines if "broken-link" in line and "gone-away" in line]
    assert f"{baseline + 2} warnings" in lines[-1] and "rebuilt" in lines[-1]
    lines = save(broken + "\nOne more paragraph.\n")  # the same two problems: not printed again
    assert not [line for line in lines if "broken-link" in line] and f"{baseline + 2} warnings" in lines[-1]
    lines = save(good)
    assert not [line for line in lines if "broken-link" in line] and (f"{baseline} warning" in lines[-1] or baseline == 0)
    lines = save(broken)  # gone and back: shown again, as after a full reload
    assert len([line for line in lines if "broken-link" in line and "billing/refunds.md" in line]) == 2
    assert dev.live.reload(saved=[str(refunds)]).patched
