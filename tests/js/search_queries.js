// Runs queries against a built site's search files with the site's own code, in Node: the quick
// stage alone (engine.js over the quick index), or as a reader's search page does (the worker's
// host: quick index, full-text meta, then the shards and stores each query needs).
// usage: node search_queries.js SITE_DIR < {"queries": [...], "typing": false, "limit": 10, "stage": "full"}
// prints [{q, mode, urls: [...], titles: [...]}, ...]
"use strict";
const { engine, json, ask } = require("./site_search")(process.argv[2]);
const { readRequest } = require("./engine_host");
readRequest((request) => {
  if (request.stage === "quick") {
    const index = engine.load(json("quickIndex"));
    const quickStore = json("quickStore");
    const stores = { quick: quickStore, crumbs: quickStore.crumbs, sections: [], excerpts: null };
    const out = request.queries.map((q) => {
      const found = engine.search(index, q, { typing: !!request.typing });
      const { results, total } = engine.describe(found.hits, stores, index.language, request.limit || 10);
      return { q, mode: found.mode, total, urls: results.map((r) => r.url), titles: results.map((r) => r.title) };
    });
    process.stdout.write(JSON.stringify(out));
    return;
  }
  ask(request.queries.map((q) => ({ q, typing: !!request.typing, limit: request.limit || 10 }))).then((answers) => {
    process.stdout.write(JSON.stringify(answers.map((a) => ({ q: a.q, mode: a.mode, total: a.total,
      urls: a.results.map((r) => r.url), titles: a.results.map((r) => r.title) }))));
  }, (error) => { process.stderr.write(String(error.stack || error)); process.exit(1); });
});
