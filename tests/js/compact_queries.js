// Loads a compact kbgen index with lunr.js (every vendored stemmer available) and runs queries as the
// search page and the as-you-type box do: node compact_queries.js ASSETS_DIR < {compact, queries: [{q, typing}]}
// prints [[refs of each query's hits]...]
"use strict";
const path = require("path");
const assets = path.resolve(process.argv[2]);
globalThis.lunr = require(path.join(assets, "vendor/lunr/lunr.min.js"));
require("./snowball")(assets);
require(path.join(assets, "search/tokenizer.js"));
const engine = require(path.join(assets, "search/engine.js"));
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const loaded = engine.load(req.compact);
  const found = req.queries.map((q) => engine.search(loaded, q.q, { typing: !!q.typing }).hits.map((h) => Number(h.ref)).sort((a, b) => a - b));
  process.stdout.write(JSON.stringify(found));
});
