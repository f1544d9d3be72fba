"""Run the site's JavaScript (tokenizer, engine, lunr.js) in Node from Python tests."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import REPO

JS = REPO / "tests" / "js"
ASSETS = REPO / "themes" / "default" / "assets"


def run_node(script: str, *args: str, payload=None):
    result = subprocess.run(["node", str(JS / script), *map(str, args)], input=json.dumps(payload, ensure_ascii=False),
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(f"node {script} failed:\n{result.stderr}")
    return json.loads(result.stdout)


def site_queries(site: Path, queries: list[str], limit: int = 10, typing: bool = False, stage: str = "full"):
    return run_node("search_queries.js", site, payload={"queries": queries, "limit": limit, "typing": typing, "stage": stage})
