// Loads a compact kbgen index with lunr.js (every vendored stemmer available) and runs queries as the
// search page and the as-you-type box do: node compact_queries.js ASSETS_DIR < {compact, queries: [{q, typing}]}
// prints [[refs of each query's hits]...]
"use strict";
const { loadEngine, readRequest } = require("./engine_host");
loadEngine(process.argv[2]);
const reference = require("./lunr_reference");
readRequest((req) => {
  const loaded = reference.load(req.compact);
  const found = req.queries.map((q) => reference.search(loaded, q.q, { typing: !!q.typing }).hits.map((h) => Number(h.ref)).sort((a, b) => a - b));
  process.stdout.write(JSON.stringify(found));
});
