// The full text answered from its shards (fulltext.js, fetching only what each query needs) against
// the same text as one lunr index (engine.js over lunr.Index.query).
// usage: node sharded_agreement.js ASSETS_DIR < {compact, meta, shards: [shard...], queries, typing}
// prints [{q, modes: [lunr, sharded], lunr: [[ref, score]...], sharded: [[ref, score]...], shards: N}, ...]
"use strict";
const path = require("path");
const { loadEngine, readRequest } = require("./engine_host");
const engine = loadEngine(process.argv[2]);
const fulltext = require(path.join(path.resolve(process.argv[2]), "search/fulltext.js"));
const TOP = 10;
readRequest((request) => {
  const loaded = engine.load(request.compact);
  const top = (hits) => hits.slice(0, TOP).map((h) => [Number(h.ref), h.score]);
  const out = request.queries.map((q) => {
    const reference = engine.search(loaded, q, { typing: !!request.typing, exact: true });
    const state = fulltext.open(request.meta);
    const clauses = engine.parseQuery(q, request.meta.language, !!request.typing);
    let mode = "none";
    let hits = [];
    for (const m of clauses.length ? ["exact", "typo", "any"] : []) {
      fulltext.shardsFor(state, clauses, m).forEach((n) => fulltext.addShard(state, n, request.shards[n]));
      hits = fulltext.searchMode(state, clauses, m);
      if (hits.length) { mode = m; break; }
    }
    if (!clauses.length) mode = "empty";
    return { q, modes: [reference.mode, mode], lunr: top(reference.hits), sharded: top(hits), shards: state.loaded.size };
  });
  process.stdout.write(JSON.stringify(out));
});
