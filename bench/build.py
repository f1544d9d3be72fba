"""Benchmark `kbgen build` beside the Python floor, on generated help centers or on any folder.

Usage: python bench/build.py [--sizes 1000,10000] [--corpus DIR ...] [--runs 3] [--keep DIR]
                             [--floor ../shared/bench/floor.py]

Generated projects have nested categories (topics > sections), articles of realistic length
(headings, lists, tables, callouts, links between articles, an image now and then) and a
FAQ file per topic. `--corpus DIR` builds a real folder as it is (for example the `docs/`
folder of MicrosoftDocs/cpp-docs, extracted by ../shared/bench/make_corpus.sh).

Each run builds with kbgen and with the floor (read + YAML + markdown-it-py + one Jinja
template + write, one process: ../shared/bench/floor.py) back to back, alternating which goes
first, because this machine is shared and noisy: the ratio of the two is the figure to quote.
Prints medians over the runs, the peak resident memory of the largest kbgen process, the
warnings the build printed, and the output's file count and size.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("invoice payment refund client account payout report tax bank card team plan export import setting "
         "reminder receipt currency discount deposit schedule status template email mobile app sync webhook "
         "customer balance dispute fee transfer statement period summary workflow approval access role").split()
SYLLABLES = "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go gu la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu".split()


def vocabulary(size: int = 30000, seed: int = 1) -> list[str]:
    """The common help-center words first, then made-up rarer words: a Zipf-shaped vocabulary like real text."""
    rng = random.Random(seed)
    words = list(WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


VOCABULARY = vocabulary()
ZIPF_WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
# Accumulated once: `choices(weights=...)` would add up 30,000 weights on every sentence.
ZIPF_CUMULATIVE = list(itertools.accumulate(ZIPF_WEIGHTS))
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def sentence(rng: random.Random, n: int = 14) -> str:
    words = rng.choices(VOCABULARY, cum_weights=ZIPF_CUMULATIVE, k=rng.randint(n - 6, n + 6))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def article(rng: random.Random, index: int, siblings: list[str]) -> str:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))).capitalize() + f" {index}"
    parts = [f"---\ntitle: {title}\ntags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\nupdated: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}\n"
             f"keywords: [{rng.choice(WORDS)}]\n---\n", paragraph(rng), ""]
    for section in range(rng.randint(2, 6)):
        parts += [f"## {sentence(rng, 5)[:-1]} {section}", "", paragraph(rng), ""]
        kind = rng.random()
        if kind < 0.3:
            parts += [f"{n}. {sentence(rng, 8)}" for n in range(1, rng.randint(3, 7))] + [""]
        elif kind < 0.45:
            parts += ["| Setting | Value |", "|---|---|"] + [f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} |" for _ in range(4)] + [""]
        elif kind < 0.55:
            parts += ["> [!TIP]", f"> {sentence(rng)}", ""]
        elif kind < 0.6:
            parts += ["![A screenshot of the settings page](img/screen.png)", ""]
        if siblings and rng.random() < 0.7:
            parts += [f"See [{rng.choice(WORDS)}]({rng.choice(siblings)}.md) for details.", ""]
        parts += [paragraph(rng), ""]
    return "\n".join(parts)


def faq(rng: random.Random) -> str:
    lines = ["---\ntype: faq\ntitle: Frequently asked questions\n---\n"]
    for n in range(10):
        lines += [f"## {sentence(rng, 6)[:-1]} {n}?", "", paragraph(rng), ""]
    return "\n".join(lines)


def generate(root: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    topics = max(4, count // 250)
    sections = 5
    per_section = max(1, count // (topics * sections))
    made = 0
    for t in range(topics):
        topic = root / "content" / f"topic-{t:02d}"
        topic.mkdir(parents=True)
        (topic / "_category.yaml").write_text(f"title: Topic {t}\ndescription: {sentence(rng)}\norder: {t}\n")
        (topic / "faq.md").write_text(faq(rng))
        for s in range(sections):
            section = topic / f"section-{s}"
            (section / "img").mkdir(parents=True)
            (section / "img" / "screen.png").write_bytes(PNG)
            names = [f"article-{i:04d}" for i in range(per_section)]
            for i, name in enumerate(names):
                if made >= count:
                    break
                (section / f"{name}.md").write_text(article(rng, made, names[:i] + names[i + 1:]))
                made += 1
    (root / "kbgen.yaml").write_text("site:\n  title: Bench Help\n  url: https://bench.example/\n")


def timed(command: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall seconds, peak resident KiB of the largest process, and the result of `command`.

    Each command runs under a fresh Python that reports its children's peak (RUSAGE_CHILDREN of
    this process would keep the largest of every earlier run)."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "sys.stderr.write(r.stderr); sys.stdout.write(r.stdout); "
             "print(f'@@ {time.perf_counter() - t} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {r.returncode}', file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True)
    *lines, last = result.stderr.rstrip("\n").split("\n")
    _, seconds, peak, code = last.split()
    result.stderr, result.returncode = "\n".join(lines), int(code)
    return float(seconds), int(peak), result


def run_build(project: Path, out: Path) -> tuple[float, int, int]:
    """Seconds, peak KiB and warning count of one `kbgen build`."""
    seconds, peak, result = timed([sys.executable, "-m", "kbgen", "build", str(project), "-o", str(out)])
    if result.returncode != 0:
        sys.exit(result.stderr[-5000:])
    found = re.search(r"with (\d+) warnings?", result.stdout)
    return seconds, peak, int(found.group(1)) if found else 0


def run_floor(floor: Path, content: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    seconds, _, result = timed([sys.executable, str(floor), str(content), str(out)])
    if result.returncode != 0:
        sys.exit(result.stderr[-5000:])
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(name: str, project: Path, content: Path, work: Path, runs: int, floor: Path) -> None:
    times, floors, peaks, warnings = [], [], [], 0
    for run in range(runs):
        def kbgen() -> None:
            nonlocal warnings
            seconds, peak, warnings = run_build(project, work / f"site-{name}")
            times.append(seconds)
            peaks.append(peak)

        first, second = (kbgen, lambda: floors.append(run_floor(floor, content, work / "floor-out")))[:: 1 if run % 2 == 0 else -1]
        first()
        second()
    files, size_bytes = folder_size(work / f"site-{name}")
    articles = sum(1 for p in content.rglob("*.md"))
    ratios = sorted(t / f for t, f in zip(times, floors))
    print(f"{name:>12} {articles:>8} {statistics.median(times):>8.2f} {statistics.median(floors):>8.2f} "
          f"{statistics.median(ratios):>6.2f}x {max(peaks) / 1024:>9.0f} {warnings:>9} {files:>7} {size_bytes / 2**20:>9.1f}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="generated sizes, e.g. 1000,10000 (default when no --corpus)")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="a folder of Markdown to build as it is")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated projects here")
    parser.add_argument("--floor", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench" / "floor.py")
    args = parser.parse_args()
    if not args.floor.is_file():
        sys.exit(f"no floor script at {args.floor}; pass --floor PATH")
    sizes = args.sizes if args.sizes is not None else ("" if args.corpus else "1000,10000")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"median of {args.runs} runs; ratio = kbgen / floor, run by run")
    print(f"{'corpus':>12} {'articles':>8} {'kbgen s':>8} {'floor s':>8} {'ratio':>7} {'peak MiB':>9} {'warnings':>9} "
          f"{'files':>7} {'out MiB':>9}")
    for size in (int(s) for s in sizes.split(",") if s):
        project = work / f"project-{size}"
        if not project.exists():
            generate(project, size)
        measure(str(size), project, project / "content", work, args.runs, args.floor)
    for corpus in args.corpus:
        corpus = corpus.resolve()
        project = work / f"corpus-{corpus.name}"
        project.mkdir(exist_ok=True)
        (project / "kbgen.yaml").write_text(f"site:\n  title: Bench\n  url: https://bench.example/\ncontent_dir: {json.dumps(str(corpus))}\n")
        measure(corpus.name, project, corpus, work, args.runs, args.floor)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
