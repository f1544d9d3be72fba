// Times loading kbgen's search indexes and answering queries in Node with the site's own engine.
// usage: node bench/search_timing.js SITE_DIR QUERIES_JSON  -> prints JSON
"use strict";
const fs = require("fs");
const path = require("path");
const { config, file, engine } = require(path.join(__dirname, "..", "tests", "js", "site_search"))(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function stage(indexUrl) {
  const start = process.hrtime.bigint();
  const loaded = engine.load(JSON.parse(fs.readFileSync(file(indexUrl), "utf8")));
  const loadMs = ms(start);
  const q0 = process.hrtime.bigint();
  engine.search(loaded, queries[0], { typing: true });
  return { loaded, loadMs, firstQueryMs: ms(q0) };
}

const quick = stage(config.quickIndex);
const quickHeap = process.memoryUsage().heapUsed;
const full = stage(config.fullIndex);
// As the worker answers: typed queries from the quick index (the full text only when it finds
// nothing), submitted queries from the full index.
function timeAll(typing) {
  const times = [];
  for (const q of queries) {
    const start = process.hrtime.bigint();
    let found = engine.search(typing ? quick.loaded : full.loaded, q, { typing });
    if (typing && found.mode === "none") engine.search(full.loaded, q, { typing });
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  return (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
}
const typed = timeAll(true);
const submitted = timeAll(false);
process.stdout.write(JSON.stringify({
  quickLoadMs: quick.loadMs, quickFirstQueryMs: quick.firstQueryMs, quickHeapMiB: quickHeap / 2 ** 20,
  fullLoadMs: full.loadMs, fullFirstQueryMs: full.firstQueryMs, heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  queries: queries.length, typedMedianMs: typed(0.5), typedP95Ms: typed(0.95),
  submittedMedianMs: submitted(0.5), submittedP95Ms: submitted(0.95),
}));
