import pickle
from pathlib import Path

from kbgen.errors import Diagnostic, KbgenError, Reporter, did_you_mean


def test_diagnostic_format_is_editor_friendly():
    d = Diagnostic("error", "broken-link", "no article 'billing/refund'", Path("/p/content/a.md"), 12, 5,
                   "did you mean 'billing/refunds'?")
    assert d.format(Path("/p")) == ("content/a.md:12:5: error[broken-link]: no article 'billing/refund' "
                                    "(did you mean 'billing/refunds'?)")
    assert Diagnostic("warning", "x", "m", Path("/elsewhere/a.md"), 3).format(Path("/p")) == "/elsewhere/a.md:3: warning[x]: m"
    assert Diagnostic("error", "x", "m").format() == "kbgen: error[x]: m"


def test_reporter_strict_counts_warnings():
    reporter = Reporter()
    reporter.warning("w", "careful")
    assert not reporter.failed()
    strict = Reporter(strict=True)
    strict.warning("w", "careful")
    assert strict.failed()


def test_reporter_sorts_by_file_and_line():
    reporter = Reporter()
    reporter.error("b", "second", Path("/b.md"), 1)
    reporter.error("a", "first", Path("/a.md"), 9)
    reporter.error("a", "earlier", Path("/a.md"), 2)
    assert [d.message for d in reporter.sorted()] == ["earlier", "first", "second"]


def test_kbgen_error_survives_pickling():
    error = KbgenError(Diagnostic("error", "x", "m", Path("/a"), 1))
    copy = pickle.loads(pickle.dumps(error))
    assert copy.diagnostics == error.diagnostics


def test_did_you_mean():
    assert did_you_mean("tilte", ["title", "tags"]) == "did you mean 'title'?"
    assert did_you_mean("zzz", ["title"]) is None
