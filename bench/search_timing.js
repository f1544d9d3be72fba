// Times kbgen's search in Node through the site's own worker host (the code a reader's browser runs),
// shards and stores read from disk: what each query fetches, and how long it takes once fetched.
// usage: node bench/search_timing.js SITE_DIR QUERIES_JSON  -> prints JSON
"use strict";
const fs = require("fs");
const path = require("path");
const search = require(path.join(__dirname, "..", "tests", "js", "site_search"))(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));

async function main() {
  // Each submitted query as a fresh reader's: which files its session fetches.
  const files = [];
  for (const q of queries.slice(0, 100)) {
    const reader = search.session();
    await reader.ask([{ q, typing: false, limit: 10 }]);
    files.push(reader.fetched.length);
  }
  // One long session, every shard its queries need fetched once: time per query.
  const reader = search.session();
  const times = { typed: [], submitted: [] };
  for (const typing of [true, false]) {
    const asked = queries.map((q) => ({ q, typing, limit: 10 }));
    await reader.ask(asked);
    for (const one of asked) {
      const start = process.hrtime.bigint();
      await reader.ask([one]);
      times[typing ? "typed" : "submitted"].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const pct = (list, p) => { const s = [...list].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  process.stdout.write(JSON.stringify({
    queries: queries.length,
    typedMedianMs: pct(times.typed, 0.5), typedP95Ms: pct(times.typed, 0.95),
    submittedMedianMs: pct(times.submitted, 0.5), submittedP95Ms: pct(times.submitted, 0.95),
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
    filesPerQueryMedian: pct(files, 0.5), filesPerQueryMax: Math.max(...files),
  }));
}
main().catch((e) => { process.stderr.write(String(e.stack || e)); process.exit(1); });
