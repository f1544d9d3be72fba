from kbgen.content.markdown import render_markdown
from kbgen.content.markers import REF_RE


def test_leading_h1_becomes_title_and_leaves_the_body():
    parsed = render_markdown("# Reset password\n\nUse the link.\n", 1)
    assert parsed.title == "Reset password"
    assert "<h1" not in parsed.html
    assert parsed.first_paragraph == "Use the link."


def test_headings_get_unique_github_anchors_and_file_lines():
    parsed = render_markdown("intro\n\n## Setup\n\n## Setup\n\n### Café\n", 5)
    assert [(h.level, h.anchor, h.line) for h in parsed.headings] == [(2, "setup", 7), (2, "setup-1", 9), (3, "café", 11)]
    assert '<h2 id="setup-1">' in parsed.html


def test_gfm_features_render():
    body = ("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ new[^1]\n\n[^1]: note\n\n"
            "> [!TIP]\n> Try this.\n\n<iframe src=\"https://video.example/embed\" title=\"v\"></iframe>\n")
    html = render_markdown(body, 1, (("callout_tip", "Consejo"),)).html
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Table 1">\n<table>' in html
    assert 'type="checkbox" disabled="" checked aria-label="Done"' in html
    assert "<s>old</s>" in html
    assert 'class="footnote-ref"' in html
    assert '<div class="callout callout-tip" role="note">\n<p class="callout-title">Consejo</p>' in html
    assert '<iframe src="https://video.example/embed"' in html


def test_internal_links_and_images_become_markers_with_lines_and_columns():
    parsed = render_markdown("See [a](other.md#x) and [b](https://example.com).\n\n![Form](img/f.png)\n", 10)
    assert [(r.kind, r.target, r.line, r.column, r.alt) for r in parsed.refs] == [
        ("link", "other.md#x", 10, 9, ""), ("image", "img/f.png", 12, 9, "Form")]
    assert len(REF_RE.findall(parsed.html)) == 2
    assert 'href="https://example.com"' in parsed.html
    assert 'loading="lazy"' in parsed.html


def test_faq_splits_questions_at_h2():
    parsed = render_markdown("Intro.\n\n## Can I?\n\nYes.\n\n### Detail\n\nMore.\n\n## Why?\n\nBecause.\n", 3, faq=True)
    assert "Intro." in parsed.intro_html
    assert [(h.text, h.anchor) for h, _, _ in parsed.questions] == [("Can I?", "can-i"), ("Why?", "why")]
    assert "<h3" in parsed.questions[0][1] and "More." in parsed.questions[0][1]
    assert parsed.questions[1][2] == "Because."


def test_plain_text_drops_markup():
    parsed = render_markdown("Use **bold** and `code` [here](x.md).\n", 1)
    assert parsed.text == "Use bold and code here."


def test_text_that_looks_like_a_link_marker_stays_text():
    """An icon font's private-use glyphs (and any character kbgen's markers are made of) in an
    article are the writer's text: never taken for a link marker, never a crash."""
    body = "Icons \ue0007\ue001 and controls \x020\x03 around [a](other.md).\n"
    parsed = render_markdown(body, 1)
    assert [m.group(1) for m in REF_RE.finditer(parsed.html)] == ["0"]  # only the real link's
    assert "\ue0007\ue001" in parsed.html and "\ufffd0\ufffd" in parsed.html
    assert parsed.html.isascii() is False and render_markdown("[a](b.md)\n", 1).html.isascii()


def test_each_section_is_the_text_under_its_heading_and_the_intro_the_text_before_them():
    body = ("Before *any* heading.\n\n```\ncode first\n```\n\n## Install\n\nRun it.\n\n### Windows\n\nClick.\n\n"
            "## Empty\n\n## ![](icon.png)\n\nAfter an image heading.\n\n## Last\n\n> ## Quoted\n>\n> Inside.\n")
    parsed = render_markdown(body, 1)
    assert parsed.intro_text == "Before any heading.\ncode first"
    assert parsed.first_paragraph == "Before any heading."
    assert parsed.sections == [("install", "Run it.\nWindows\nClick."), ("empty", ""),
                               ("section", "After an image heading."), ("last", "Quoted\nInside.")]
    assert all(parsed.text[start:end] == text for (_, start, end), (_, text) in zip(parsed.section_spans, parsed.sections))
    no_heading = render_markdown("Just a paragraph.\n\nAnd another.\n", 1)
    assert no_heading.sections == [] and no_heading.intro_text == no_heading.text == "Just a paragraph.\nAnd another."
    heading_first = render_markdown("## Only\n\nBody.\n", 1)
    assert heading_first.intro_text == "" and heading_first.sections == [("only", "Body.")]
    assert heading_first.first_paragraph == "Body."
    assert render_markdown("> Quoted first.\n\nThen this one.\n", 1).first_paragraph == "Then this one."
