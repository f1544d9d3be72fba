// Runs queries against a built site's search files through the site's own worker host, in Node:
// the quick stage alone (the full-text meta withheld), or as a reader's search page does (quick
// index, full-text meta, then the shards and stores each query needs).
// usage: node search_queries.js SITE_DIR < {"queries": [...], "typing": false, "limit": 10, "stage": "full"}
// prints [{q, mode, total, urls: [...], titles: [...]}, ...]
"use strict";
const { ask } = require("./site_search")(process.argv[2]);
const { readRequest } = require("./engine_host");
readRequest((request) => {
  const queries = request.queries.map((q) => ({ q, typing: !!request.typing, limit: request.limit || 10 }));
  ask(queries, { quickOnly: request.stage === "quick" }).then((answers) => {
    process.stdout.write(JSON.stringify(answers.map((a) => ({ q: a.q, mode: a.mode, total: a.total,
      urls: a.results.map((r) => r.url), titles: a.results.map((r) => r.title) }))));
  }, (error) => { process.stderr.write(String(error.stack || error)); process.exit(1); });
});
