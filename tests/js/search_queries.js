// Runs queries against a built site's search files with the site's own engine, in Node.
// usage: node search_queries.js SITE_DIR < {"queries": [...], "typing": false, "limit": 10, "stage": "full"}
// prints [{q, mode, urls: [...], titles: [...]}, ...]
"use strict";
const { engine, json } = require("./site_search")(process.argv[2]);
let input = "";
process.stdin.setEncoding("utf8"); // a character split between two chunks stays whole
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const quick = request.stage === "quick";
  const index = engine.load(json(quick ? "quickIndex" : "fullIndex"));
  const quickStore = json("quickStore");
  const fullStore = json("fullStore");
  const stores = { quick: quickStore, crumbs: quickStore.crumbs, sections: fullStore.docs, excerpts: quick ? null : fullStore.excerpts };
  const out = request.queries.map((q) => {
    const found = engine.search(index, q, { typing: !!request.typing });
    const { results, total } = engine.describe(found.hits, stores, index.language, request.limit || 10);
    return { q, mode: found.mode, total, urls: results.map((r) => r.url), titles: results.map((r) => r.title) };
  });
  process.stdout.write(JSON.stringify(out));
});
