import os
import time
from pathlib import Path

import pytest

from kbgen.errors import KbgenError, UsageError
from kbgen.output import SiteFiles, check_output_dir, clear_leftovers, write_site


def test_double_write_is_refused_with_both_origins(tmp_path):
    files = SiteFiles()
    files.add_bytes("index.html", b"a", "the page kbgen generates")
    source = tmp_path / "static" / "index.html"
    files.add_copy("index.html", source, "static/index.html")
    [conflict] = files.conflicts
    assert conflict.path == source
    assert conflict.message == "would be written to 'index.html', which is also used by the page kbgen generates"
    with pytest.raises(KbgenError):
        write_site(files, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_write_swaps_whole_tree_and_cleans_up(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old")
    (out / "stale.html").write_text("stale")
    source = tmp_path / "pic.png"
    source.write_bytes(b"png")
    files = SiteFiles()
    files.add_bytes("index.html", b"new", "kbgen")
    files.add_copy("img/pic.png", source, "pic")
    write_site(files, out)
    assert (out / "index.html").read_text() == "new"
    assert (out / "img" / "pic.png").read_bytes() == b"png"
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pic.png", "site"]


def test_failed_write_keeps_old_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old")
    files = SiteFiles()
    files.add_copy("a.png", tmp_path / "does-not-exist.png", "a")
    with pytest.raises(KbgenError) as exc:
        write_site(files, out)
    assert exc.value.diagnostics[0].code == "write-error"
    assert (out / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_output_dir_safety(tmp_path):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    with pytest.raises(UsageError):
        check_output_dir(project, [project, project / "content"])
    with pytest.raises(UsageError):
        check_output_dir(tmp_path, [project])
    check_output_dir(project / "site", [project, project / "content"])
    other = tmp_path / "docs"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError):
        check_output_dir(other, [project])
    (other / "index.html").write_text("an earlier build")
    check_output_dir(other, [project])


def test_a_large_replaced_site_is_removed_after_the_write_returns(tmp_path, monkeypatch):
    import kbgen.output as output
    monkeypatch.setattr(output, "BACKGROUND_REMOVAL_FILES", 1)
    out = tmp_path / "site"
    for version in (b"one", b"two"):
        files = SiteFiles()
        files.add_bytes("index.html", version, "kbgen")
        files.add_bytes("a/index.html", version, "kbgen")
        write_site(files, out)
        assert (out / "index.html").read_bytes() == (out / "a" / "index.html").read_bytes() == version
    deadline = time.monotonic() + 10
    while sorted(p.name for p in tmp_path.iterdir()) != ["site"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_replaced_site_left_in_the_trash_is_cleared_by_the_next_build(tmp_path):
    out = tmp_path / "site"
    (out).mkdir()
    (out / "index.html").write_text("current")
    trash = tmp_path / f".site.kbgen-trash-{os.getpid()}"
    (trash / "a").mkdir(parents=True)
    clear_leftovers(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_text() == "current"
