// An index answered from its shards (fulltext.js, taking only what each query needs) against the
// same text as one lunr index answered by lunr.Index.query (lunr_reference.js).
// usage: node sharded_agreement.js ASSETS_DIR < {compact, meta, shards: [shard...], queries, typing}
// prints [{q, modes: [lunr, sharded], lunr: [[ref, score]...], sharded: [[ref, score]...], totals: [lunr, sharded], shards: N}, ...]
"use strict";
const { loadEngine, readRequest } = require("./engine_host");
loadEngine(process.argv[2]);
const reference = require("./lunr_reference");
const TOP = 10;
readRequest((request) => {
  const loaded = reference.load(request.compact);
  const top = (hits) => hits.slice(0, TOP).map((h) => [Number(h.ref), h.score]);
  const out = request.queries.map((q) => {
    const options = { typing: !!request.typing };
    const expected = reference.search(loaded, q, options);
    // As the worker ranks: the best few only (the rest counted, not sorted).
    const sharded = reference.searchSharded(request.meta, request.shards, q, { typing: options.typing, want: TOP * 2 });
    return { q, modes: [expected.mode, sharded.mode], lunr: top(expected.hits), sharded: top(sharded.hits),
             totals: [expected.hits.length, sharded.total], shards: sharded.state.loaded.size };
  });
  process.stdout.write(JSON.stringify(out));
});
