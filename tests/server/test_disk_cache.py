"""Parsed files kept between `kbgen serve` sessions: a restart parses only what changed, a stale
or broken cache is never shown, and the cache never lives in (or is read from) the project."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from kbgen.content import disk_cache
from kbgen.server.live import LiveSite


def _serve_and_stop(project):
    live = LiveSite(project, persist=True)
    live.reload()
    live.close()


def test_a_restart_parses_only_what_changed(fixture_site):
    project = fixture_site("full")
    first = LiveSite(project, persist=True)
    result = first.reload()
    first.close()  # as a stopped server does: waits for the cache, which the first load writes in the background
    assert result.ok and result.parsed == 11 and first.restored == 0
    assert first.cache_file.is_dir() and len(list(first.cache_file.glob("*.json"))) == 11
    assert not first.cache_file.is_relative_to(project)
    assert Path(os.environ["XDG_CACHE_HOME"]) in first.cache_file.parents

    refunds = project / "content" / "billing" / "refunds.md"
    refunds.write_text(refunds.read_text().replace("title: Get a refund", "title: Money back, restarted"))
    second = LiveSite(project, persist=True)
    assert second.restored == 11
    result = second.reload()
    second.close()
    assert result.ok and result.parsed == 1  # only the edited file
    assert b"Money back, restarted" in second.snapshot.render("billing/refunds/index.html")
    written = {p.name: p.stat().st_mtime_ns for p in second.cache_file.glob("*.json")}
    assert written.keys() == {p.name for p in first.cache_file.glob("*.json")}
    third = LiveSite(project, persist=True)
    assert third.reload().parsed == 0


def test_a_broken_cache_file_is_dropped(fixture_site):
    project = fixture_site("full")
    path = disk_cache.cache_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle at all")  # a file where the cache's folder belongs
    live = LiveSite(project, persist=True)
    assert live.restored == 0
    assert live.reload().parsed == 11
    live.close()
    assert path.is_dir() and len(list(path.glob("*.json"))) == 11


def test_only_the_entries_a_save_changed_are_written_again(fixture_site):
    project = fixture_site("full")
    _serve_and_stop(project)
    folder = disk_cache.cache_path(project)
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    refunds = project / "content" / "billing" / "refunds.md"
    invoices = project / "content" / "billing" / "invoices.md"
    broken = sorted(set(before) - {disk_cache.entry_name(refunds), disk_cache.entry_name(invoices)})[0]
    (folder / broken).write_text("[1, 2")  # one damaged entry: only that file is parsed again
    refunds.write_text(refunds.read_text() + "\nOne more line.\n")
    invoices.unlink()
    live = LiveSite(project, persist=True)
    assert live.restored == 10
    assert live.reload().parsed == 2
    live.close()
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {broken, disk_cache.entry_name(refunds)}
    assert disk_cache.entry_name(invoices) not in after
    assert len(after) == 10


def test_another_kbgen_never_reads_this_cache(fixture_site, monkeypatch):
    project = fixture_site("full")
    _serve_and_stop(project)
    old = disk_cache.cache_path(project)
    disk_cache.code_key.cache_clear()
    monkeypatch.setattr(disk_cache, "__version__", "99.0")
    try:
        live = LiveSite(project, persist=True)
        assert live.restored == 0 and live.cache_file != old
        live.reload()
        live.close()
        assert not old.exists()  # the other version's cache is cleaned up
    finally:
        disk_cache.code_key.cache_clear()


def test_nothing_is_read_from_or_written_to_the_project(fixture_site):
    project = fixture_site("full")
    planted = project / ".kbgen" / "serve"
    planted.mkdir(parents=True)
    (planted / f"parsed-{disk_cache.code_key()}.pickle").write_bytes(b"\x80\x04crm\n")  # would be code in a pickle
    live = LiveSite(project, persist=True)
    assert live.restored == 0
    live.reload()
    live.close()
    assert {p.name for p in (project / ".kbgen").rglob("*")} == {"serve", f"parsed-{disk_cache.code_key()}.pickle"}


def test_the_first_load_is_served_before_its_cache_is_written(fixture_site, monkeypatch):
    """A cold start of 10,000 articles spent a quarter of its time writing the parse cache: the
    site is served first, the cache written behind it, and a stop waits for it."""
    project = fixture_site("full")
    release = threading.Event()
    save = disk_cache.save

    def held_save(cache, folder):
        assert release.wait(30)
        save(cache, folder)

    monkeypatch.setattr(disk_cache, "save", held_save)
    live = LiveSite(project, persist=True)
    result = live.reload()
    assert result.ok and live.snapshot is not None and b"Get a refund" in live.snapshot.render("billing/refunds/index.html")
    assert not list(live.cache_file.glob("*.json"))  # nothing written yet, and the parse workers wrote nothing
    assert live.saving  # what kbgen serve's stop says it waits for
    release.set()
    live.close()
    assert not live.saving
    assert len(list(live.cache_file.glob("*.json"))) == 11
    assert LiveSite(project, persist=True).restored == 11
