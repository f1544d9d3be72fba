// Loads a compact kbgen index with lunr.js and runs one query: node load_index.js ASSETS_DIR < {compact, query}
// prints {ok: true, refs} or {ok: false, error}
"use strict";
const { loadEngine, readRequest } = require("./engine_host");
const engine = loadEngine(process.argv[2]);
readRequest((req) => {
  try {
    const loaded = engine.load(req.compact);
    process.stdout.write(JSON.stringify({ ok: true, refs: engine.search(loaded, req.query).hits.map((h) => h.ref) }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e.message || e) }));
  }
});
