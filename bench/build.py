"""Benchmark `kbgen build` on generated help centers of 1,000 and 10,000 articles.

Usage: python bench/build.py [--sizes 1000,10000] [--runs 3] [--keep DIR]

Each project has nested categories (topics > sections), articles of realistic length
(headings, lists, tables, callouts, links between articles, an image now and then) and a
FAQ file per topic. Prints, per size, the median wall time over the runs, the peak
resident memory of the build (largest process), and the output's file count and size.
"""
from __future__ import annotations

import argparse
import itertools
import random
import resource
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


def run_build(project: Path, out: Path) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kbgen", "build", str(project), "-o", str(out)],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(result.stderr)
    peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return seconds, peak_kib


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated projects here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-bench-"))
    print(f"{'articles':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MiB':>9} {'files':>7} {'output MiB':>11} {'source MiB':>11}")
    for size in (int(s) for s in args.sizes.split(",")):
        project = work / f"project-{size}"
        if not project.exists():
            generate(project, size)
        times, peaks = [], []
        for run in range(args.runs):
            seconds, peak = run_build(project, work / f"site-{size}")
            times.append(seconds)
            peaks.append(peak)
        files, size_bytes = folder_size(work / f"site-{size}")
        _, source_bytes = folder_size(project / "content")
        print(f"{size:>8} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f} "
              f"{max(peaks) / 1024:>9.0f} {files:>7} {size_bytes / 2**20:>11.1f} {source_bytes / 2**20:>11.1f}", flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
