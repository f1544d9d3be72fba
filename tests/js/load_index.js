// Loads a compact kbgen index with lunr.js and runs one query: node load_index.js ASSETS_DIR < {compact, query}
// prints {ok: true, refs} or {ok: false, error}
"use strict";
const path = require("path");
const assets = path.resolve(process.argv[2]);
globalThis.lunr = require(path.join(assets, "vendor/lunr/lunr.min.js"));
require("./snowball")(assets);
require(path.join(assets, "search/tokenizer.js"));
const engine = require(path.join(assets, "search/engine.js"));
let input = "";
process.stdin.setEncoding("utf8"); // a character split between two chunks stays whole
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  try {
    const loaded = engine.load(req.compact);
    process.stdout.write(JSON.stringify({ ok: true, refs: engine.search(loaded, req.query).hits.map((h) => h.ref) }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e.message || e) }));
  }
});
