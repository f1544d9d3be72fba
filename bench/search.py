"""Benchmark search on generated help centers of 1,000 and 10,000 articles.

Usage: python bench/search.py [--sizes 1000,10000] [--runs 3] [--keep DIR]

Prints, per size: the seconds to build the index files (median of the runs), the bytes of every
file a reader downloads (raw and gzipped), the first-results download (lunr.js, tokenizer,
engine, worker, quick index and quick store, gzipped), and from Node: the time to load each
stage and answer a first query, and the median and 95th percentile of 300 queries answered
as the worker does while typing (quick index) and on the search page (full index).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build import VOCABULARY, ZIPF_CUMULATIVE, generate  # noqa: E402

from kbgen.config import load_config  # noqa: E402
from kbgen.errors import Reporter  # noqa: E402
from kbgen.search import build_search  # noqa: E402
from kbgen.site import load_site  # noqa: E402
from kbgen.theme import Theme  # noqa: E402


def sizes_of(site: Path, config: dict) -> tuple[dict[str, tuple[int, int]], int]:
    out = {}
    for role in ("quickIndex", "quickStore", "fullIndex", "fullStore", "lunr", "tokenizer", "engine", "worker"):
        data = (site / config[role].lstrip("/")).read_bytes()
        out[role] = (len(data), len(gzip.compress(data, 9)))
    first = sum(out[r][1] for r in ("lunr", "tokenizer", "engine", "worker", "quickIndex", "quickStore"))
    return out, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--agreement", type=int, default=0, metavar="N",
                        help="also compare N queries with lunr.Index.query's own answers (slow at 10k: exact lunr)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-search-bench-"))
    rng = random.Random(3)
    # 1-3 words drawn like the text itself; the last one cut short half the time, as while typing.
    queries = []
    for _ in range(300):
        words = rng.choices(VOCABULARY, cum_weights=ZIPF_CUMULATIVE, k=rng.randint(1, 3))
        if rng.random() < 0.5:
            words[-1] = words[-1][: max(3, len(words[-1]) - rng.randint(1, 3))]
        queries.append(" ".join(words))
    (work / "queries.json").parent.mkdir(parents=True, exist_ok=True)
    (work / "queries.json").write_text(json.dumps(queries))
    for size in (int(s) for s in args.sizes.split(",")):
        project = work / f"project-{size}"
        if not project.exists():
            generate(project, size)
        config = load_config(project)
        site_model = load_site(config, Reporter(), Theme(config).markdown_labels())
        seconds = []
        for _ in range(args.runs):
            started = time.perf_counter()
            bundle = build_search(site_model)
            seconds.append(time.perf_counter() - started)
        out = work / f"site-{size}"
        subprocess.run([sys.executable, "-m", "kbgen", "build", str(project), "-o", str(out)], check=True, capture_output=True)
        html = (out / "index.html").read_text(encoding="utf-8")
        page_config = json.loads(html.split('id="kb-search-config">', 1)[1].split("</script>", 1)[0])
        files, first = sizes_of(out, page_config)
        timing = json.loads(subprocess.run(["node", str(Path(__file__).parent / "search_timing.js"), str(out),
                                            str(work / "queries.json")], check=True, capture_output=True, text=True).stdout)
        print(f"== {size} articles, {len(bundle.files)} index files, index build median {statistics.median(seconds):.2f} s "
              f"(min {min(seconds):.2f}, max {max(seconds):.2f})")
        for role, (raw, gz) in files.items():
            print(f"   {role:<11} {raw / 1024:>9.1f} KiB raw {gz / 1024:>8.1f} KiB gzip")
        print(f"   first results download (lunr + tokenizer + engine + worker + quick index + quick store): {first / 1024:.1f} KiB gzip")
        print(f"   node: quick load {timing['quickLoadMs']:.0f} ms, first query {timing['quickFirstQueryMs']:.1f} ms; "
              f"full load {timing['fullLoadMs']:.0f} ms, first query {timing['fullFirstQueryMs']:.1f} ms; "
              f"heap {timing['heapMiB']:.0f} MiB")
        print(f"   {timing['queries']} queries as typed (quick index, full text when it finds nothing): "
              f"median {timing['typedMedianMs']:.2f} ms, p95 {timing['typedP95Ms']:.2f} ms")
        print(f"   the same submitted (full index, search page): median {timing['submittedMedianMs']:.2f} ms, "
              f"p95 {timing['submittedP95Ms']:.2f} ms", flush=True)
        if args.agreement:
            agreement = subprocess.run(["node", str(Path(__file__).parent / "search_agreement.js"), str(out),
                                        str(work / "queries.json"), str(args.agreement)], check=True, capture_output=True, text=True)
            print("".join(f"   {line}\n" for line in agreement.stdout.splitlines()), end="", flush=True)


if __name__ == "__main__":
    main()
