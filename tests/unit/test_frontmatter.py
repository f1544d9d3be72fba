import datetime as dt
from pathlib import Path

from kbgen.content.frontmatter import parse, split
from kbgen.errors import Reporter

P = Path("/p/a.md")


def test_split_keeps_body_line():
    meta, body, line = split("---\ntitle: A\n---\nBody\n")
    assert meta == "title: A\n" and body == "Body\n" and line == 4


def test_no_front_matter():
    assert split("# Hi\n") == (None, "# Hi\n", 1)


def test_valid_keys_convert():
    reporter = Reporter()
    doc = parse("---\ntitle: Refunds\ntags: refunds\nupdated: 2026-01-02\nfeatured: true\norder: 3\n"
                "audience: internal\nreview_every: 90\n---\nx\n", P, reporter)
    assert reporter.diagnostics == []
    assert doc.meta == {"title": "Refunds", "tags": ("refunds",), "updated": dt.date(2026, 1, 2), "featured": True,
                        "order": 3, "audience": "internal", "review_every": 90}


def test_unknown_key_is_a_warning_with_line_and_hint():
    reporter = Reporter()
    doc = parse("---\ntitle: A\ntags: [x]\ntilte: B\n---\n", P, reporter)
    assert doc.ok
    [d] = reporter.diagnostics
    assert d.format(Path("/p")) == "a.md:4:1: warning[frontmatter-unknown-key]: unknown key 'tilte' (did you mean 'title'?)"


def test_wrong_type_is_an_error_at_the_value():
    reporter = Reporter()
    doc = parse("---\ntitle: A\norder: first\n---\n", P, reporter)
    assert not doc.ok
    [d] = reporter.diagnostics
    assert d.format(Path("/p")) == "a.md:3:8: error[frontmatter-type]: 'order' must be a whole number, not the text 'first'"


def test_bad_yaml_points_at_the_file_line():
    reporter = Reporter()
    parse("---\ntitle: A\ntags: [a, b\n---\nbody\n", P, reporter)
    [d] = reporter.diagnostics
    assert d.code == "frontmatter-syntax" and d.line == 4


def test_unclosed_front_matter():
    reporter = Reporter()
    parse("---\ntitle: A\nbody\n", P, reporter)
    assert [d.code for d in reporter.diagnostics] == ["frontmatter-unclosed"]


def test_bad_dates_choices_and_aliases():
    reporter = Reporter()
    parse("---\nupdated: 2026-13-40\ntype: howto\naliases: [old/page]\nslug: a/b\n---\n", P, reporter)
    codes = [(d.line, d.message) for d in reporter.diagnostics]
    assert (2, "'updated' must be a date written YYYY-MM-DD, not '2026-13-40'") in codes
    assert (3, "'type' must be one of article, faq, not 'howto'") in codes
    assert (4, "alias 'old/page' must be a path on this site starting with /") in codes
    assert any(line == 5 and "'slug' must be one URL segment" in m for line, m in codes)


def test_boolean_looking_title_asks_for_quotes():
    reporter = Reporter()
    parse("---\ntitle: yes\n---\n", P, reporter)
    assert "put it in quotes" in reporter.diagnostics[0].message
