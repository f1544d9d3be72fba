"""Random projects (front matter, Markdown, kbgen.yaml, _category.yaml) through build and check:
never a traceback, an exit status of 0, 1 or 2, every diagnostic at a file (and a line when it
is about a line of a file), nothing written outside the output folder.

`make test` runs a few dozen examples; KBGEN_FUZZ_EXAMPLES=2000 runs a longer search."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import run_cli
from tests.integration.test_build_safety import state

EXAMPLES = int(os.environ.get("KBGEN_FUZZ_EXAMPLES", "30"))
DIAGNOSTIC = re.compile(r"^(?P<where>.+?): (?P<severity>error|warning)\[(?P<code>[a-z-]+)\]: ")
# Diagnostics about a file or folder as a whole, not one of its lines.
WHOLE_FILE = {"no-site-url", "no-articles", "duplicate-url", "read-error", "encoding", "output-conflict", "orphan",
              "symlink-outside", "symlink-loop", "not-a-file", "too-deep", "git-shallow", "duplicate-id",
              "duplicate-title", "review-overdue", "faq-empty"}

NASTY_TEXT = ["..", ".", "/", "//x", "../../../etc/passwd", "kb.json", "/kb.json", "/search/", "/tags/x/", "/index.html",
              "Caf\u00e9", "\u6307\u5357", "\u0627\u0644\u062f\u0641\u0639", "a b", "#x", "%2e%2e", "\\..\\x", "\x07", "\t", "",
              "yes", "no", "null", "~", "2026-13-40", "2026-01-01", "1e9", "-1", "0", "[", "{", "&a", "*a", ": x", "'q", '"q']
text = st.one_of(st.sampled_from(["Refunds", "Get a refund", "Caf\u00e9 owners", "\u6307\u5357", "\u0627\u0644\u062f\u0641\u0639"]),
                 st.text(st.characters(blacklist_categories=["Cs"]), max_size=12))
ALIASES = ["/old/", "/hc/123-refunds", "/kb.json", "/search/", "/", "/index.html", "/a/", "/x y", "/tags/t/",
           "/%2e%2e/z", "/b/", "/Old/", "/robots.txt", "/b/a/", "/static.txt", "/kb.json/x/"]
VALUES = {  # mostly what writers write, sometimes not
    "title": text, "description": text, "owner": text,
    "slug": st.sampled_from(["refunds", "money-back", "Caf\u00e9", "x", "..", ".", "kb.json", "a b", "search", "A", "index.html"]),
    "order": st.one_of(st.integers(-2, 5), st.integers(-2, 5), st.sampled_from(["x", "1.5"])),
    "tags": st.lists(st.sampled_from(["billing", "Billing", "refunds", "\u6307\u5357", "a/b", ""]), max_size=3),
    "keywords": st.lists(text, max_size=2),
    "aliases": st.one_of(st.lists(st.sampled_from(ALIASES), max_size=3), st.sampled_from(ALIASES), st.just(3)),
    "related": st.lists(st.sampled_from(["a", "b/a", "b/c/b", "missing", "faq"]), max_size=2),
    "featured": st.one_of(st.booleans(), st.just("maybe")), "draft": st.booleans(),
    "audience": st.sampled_from(["public", "internal", "public", "everyone"]),
    "updated": st.sampled_from(["2026-01-02", "2025-07-30", "2026-13-40", "yesterday"]), "reviewed": st.sampled_from(["2020-01-01"]),
    "review_every": st.integers(-1, 400), "type": st.sampled_from(["article", "faq", "faq", "article", "howto"]),
}
# A project of sound files gets past loading, so linking, rendering and writing are tried too.
SOUND_VALUES = {**VALUES,
                # ... except for one hostile address now and then, the way out of the output folder.
                "slug": st.sampled_from(["refunds", "money-back", "Caf\u00e9", "x", "refunds", "x", "..", "."]),
                "order": st.integers(-2, 5),
                "aliases": st.lists(st.sampled_from(["/old/", "/hc/123-refunds", "/Old-Page/", "/b/x.html", "/old/",
                                                     "/../../x/", "/kb.json", "/%2e%2e/%2e%2e/y"]), max_size=2),
                "featured": st.booleans(), "audience": st.sampled_from(["public", "internal"]),
                "updated": st.sampled_from(["2026-01-02", "2025-07-30"]), "review_every": st.integers(1, 400),
                "type": st.sampled_from(["article", "faq"])}


def quoted(value) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(quoted(v) for v in value) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


@st.composite
def yaml_mapping(draw, values: dict, raw: bool = False, sound: bool = False) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from(list(values)), max_size=6, unique=True)):
        value = draw(values[key])
        lines.append(f"{key}: {value if raw else quoted(value)}")
    if not sound and draw(st.integers(0, 5)) == 0:  # something no writer meant
        nasty = draw(st.sampled_from(NASTY_TEXT))
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(
            [f"{nasty}: x", f"x: {nasty}", "  - loose", "\tindent: x", "---", "? [a]: b", "a: &x [1, *x]", "title: dup"])))
    return "\n".join(lines) + "\n"


CONFIG_VALUES = {
    "site": st.sampled_from(["{url: https://help.example.test/}", "{url: https://h.test/help/, language: ar}",
                             "{title: Caf\u00e9, language: zh}", "{url: https://help.example.test/}", "{language: 'no such'}",
                             "{url: /relative}", "3"]),
    "content_dir": st.sampled_from(["content", "content", "content", "missing", "..", "."]),
    "contact": st.sampled_from(["{email: help@example.test}", "{url: 'javascript:x'}", "{label: Ask}"]),
    "feedback": st.sampled_from(["{endpoint: /api/feedback}", "{endpoint: x}"]),
    "theme": st.sampled_from(["{name: default}", "{name: nope}", "{custom_dir: ../outside}"]),
    "review": st.sampled_from(["{max_age_days: 30}", "{max_age_days: 0}"]),
    "extra": st.sampled_from(["{a: 1}", "[1, 2]", "{deep: {deeper: [1, {x: y}]}}"]),
}
CATEGORY_VALUES = {"title": text, "description": text, "order": st.integers(-1, 3), "icon": st.sampled_from(["card", ""])}


LINK_TARGETS = ["a.md", "../a.md", "b/c.md#x", "/a.md", "missing.md", "../../../../etc/passwd", "img/x.png", "#top",
                "https://example.test/", "/kb.json", "x.md?y=1#z", "%2e%2e/a.md", "c.md#\u6307\u5357", ""]
BODY_PARTS = ["# Heading", "## Question?", "Text with *emphasis* and `code`.", "- item\n- item", "1. one\n2. two",
              "| a | b |\n|---|---|\n| 1 | 2 |", "> [!NOTE]\n> Note.", "```\ncode\n```", "<div onclick=x>html</div>",
              "---", "![](img/x.png)", "Caf\u00e9 \u6307\u5357 \u0627\u0644\u062f\u0641\u0639", "[^1]\n\n[^1]: Note."]


@st.composite
def markdown(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(BODY_PARTS)))
        else:
            parts.append(f"[link]({draw(st.sampled_from(LINK_TARGETS))}) ![img]({draw(st.sampled_from(LINK_TARGETS))})")
    return "\n\n".join(parts) + "\n"


@st.composite
def article(draw, sound: bool) -> bytes:
    if draw(st.integers(0, 4)):
        fence = "---\n" if sound or draw(st.integers(0, 19)) else ""
        body = "---\n" + draw(yaml_mapping(SOUND_VALUES if sound else VALUES, sound=sound)) + fence
    else:
        body = ""
    data = (body + draw(markdown())).encode("utf-8")
    if not sound and draw(st.integers(0, 49)) == 0:
        data = data[: draw(st.integers(0, len(data)))] + b"\xff\xfe" + data[len(data) // 2:]
    return data


@st.composite
def project(draw) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    sound = draw(st.booleans())
    if sound:
        files["kbgen.yaml"] = b"site:\n  url: https://help.example.test/\n"
    elif draw(st.booleans()):
        files["kbgen.yaml"] = draw(yaml_mapping(CONFIG_VALUES, raw=True)).encode("utf-8")
    names = ["", "", "b", "b/c", "billing", "b/c/d", "\u6307\u5357", "_x", ".h"] + ([] if sound else ["tags", "Billing", "search"])
    folders = draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    for folder in folders:
        prefix = f"content/{folder}/" if folder else "content/"
        for name in draw(st.lists(st.sampled_from(["a.md", "b.md", "faq.md", "c.markdown"] + ([] if sound else ["index.md", "A.md"])),
                                  min_size=1, max_size=3, unique=True)):
            files[prefix + name] = draw(article(sound))
        if folder and draw(st.booleans()):
            files[prefix + "_category.yaml"] = draw(yaml_mapping(CATEGORY_VALUES, sound=sound)).encode("utf-8")
    if sound and draw(st.integers(0, 2)) == 0:  # a sound project but for one address that points out
        slug = draw(st.sampled_from(['".."', '"."', "z"]))
        files[draw(st.sampled_from(["content/z.md", "content/b/z.md"]))] = f"---\nslug: {slug}\n---\n# Z\n".encode()
    if draw(st.booleans()):
        names = ["static.txt", "favicon.svg"] + ([] if sound else ["index.html", "kb.json", "b/a/index.html"])
        files["static/" + draw(st.sampled_from(names))] = b"x"
    return files


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(project())
def test_random_projects_build_or_fail_cleanly(files):
    with tempfile.TemporaryDirectory(prefix="kbgen-random-") as tmp:
        root = Path(tmp)
        project_dir = root / "project"
        for rel, data in files.items():
            path = project_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        out = root / "out"
        before = state(root)
        for command in (["build", ".", "-o", str(out)], ["check", "."]):
            result = run_cli(*command, cwd=project_dir)  # an exception here is a traceback a writer would see
            assert result.exit_code in (0, 1, 2), (command, result.stderr)
            printed = (result.stdout if command[0] == "check" else "") + result.stderr
            for line in printed.splitlines():
                found = DIAGNOSTIC.match(line)
                if found is None:
                    continue
                where, code = found["where"], found["code"]
                if code == "no-site-url" and where == "kbgen":
                    continue
                assert where != "kbgen" or " more of these not shown " in line, line
                if code not in WHOLE_FILE and where.endswith((".md", ".markdown", ".yaml")):
                    assert re.search(r":\d+(:\d+)?$", where), line
            after = state(root, skip=out)
            assert after == before, command
            if command[0] == "build" and result.exit_code == 0:
                published_apart(out)


def published_apart(out: Path) -> None:
    """Every published article has its own clean address and page: none replaced another (the
    home page included)."""
    assert 'id="home-search-q"' in (out / "index.html").read_text(encoding="utf-8")
    kb = json.loads((out / "kb.json").read_text(encoding="utf-8"))
    base = urlsplit(kb["site"]["url"] or "/").path
    urls = [item["url"] for item in kb["items"]]
    assert len(set(urls)) == len(urls), urls  # FAQ questions are the page's URL with their anchor
    for path in {urlsplit(url).path.removeprefix(base.rstrip("/")) for url in urls}:
        assert not {".", ".."} & set(path.split("/")), path
        page = out / unquote(path).strip("/") / "index.html"
        assert page.is_file(), path
