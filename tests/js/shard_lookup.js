// Every word of a sharded index looked up as the worker looks it up (fulltext.shardOf, comparing
// strings as JavaScript does): node shard_lookup.js ASSETS_DIR < {meta, shards}
// prints the words not found in the shard shardOf picks.
"use strict";
const { loadEngine, readRequest } = require("./engine_host");
loadEngine(process.argv[2]);
readRequest(({ meta, shards }) => {
  const misplaced = [];
  shards.forEach((shard) => shard.terms.forEach((term) => {
    if (!shards[globalThis.kbgenFullText.shardOf(meta, term)].terms.includes(term)) misplaced.push(term);
  }));
  process.stdout.write(JSON.stringify(misplaced));
});
