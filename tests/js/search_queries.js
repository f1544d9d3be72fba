// Runs queries against a built site's search files with the site's own engine, in Node.
// usage: node search_queries.js SITE_DIR < {"queries": [...], "typing": false, "limit": 10, "stage": "full"}
// prints [{q, mode, urls: [...], titles: [...]}, ...]
"use strict";
const fs = require("fs");
const path = require("path");
const site = path.resolve(process.argv[2]);
const html = fs.readFileSync(path.join(site, "index.html"), "utf8");
const config = JSON.parse(html.match(/<script type="application\/json" id="kb-search-config">([^<]*)<\/script>/)[1]);
const file = (url) => path.join(site, decodeURIComponent(url.slice(config.basePath.length - 1)));
globalThis.lunr = require(file(config.lunr));
require(file(config.tokenizer));
const engine = require(file(config.engine));
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const quick = request.stage === "quick";
  const index = engine.load(JSON.parse(fs.readFileSync(file(quick ? config.quickIndex : config.fullIndex), "utf8")));
  const quickStore = JSON.parse(fs.readFileSync(file(config.quickStore), "utf8"));
  const fullStore = JSON.parse(fs.readFileSync(file(config.fullStore), "utf8"));
  const stores = { quick: quickStore, crumbs: quickStore.crumbs, sections: fullStore.docs, excerpts: quick ? null : fullStore.excerpts };
  const out = request.queries.map((q) => {
    const found = engine.search(index, q, { typing: !!request.typing });
    const { results, total } = engine.describe(found.hits, stores, index.language, request.limit || 10);
    return { q, mode: found.mode, total, urls: results.map((r) => r.url), titles: results.map((r) => r.title) };
  });
  process.stdout.write(JSON.stringify(out));
});
