// How often the engine's answers (with its shortcuts for common words on large sites) agree with
// lunr.Index.query's own, on the first N bench queries: same first result, top-3 and top-10 overlap.
// usage: node bench/search_agreement.js SITE_DIR QUERIES_JSON N  -> prints one line per index and way of asking
"use strict";
const fs = require("fs");
const path = require("path");
const { engine, json } = require(path.join(__dirname, "..", "tests", "js", "site_search"))(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8")).slice(0, Number(process.argv[4] || 100));
const overlap = (a, b, k) => a.slice(0, k).filter((r) => b.slice(0, k).includes(r)).length / Math.min(k, b.length);
for (const role of ["quickIndex", "fullIndex"]) {
  const index = engine.load(json(role));
  for (const typing of [true, false]) {
    let n = 0, first = 0, top3 = 0, top10 = 0, shortcuts = 0;
    for (const q of queries) {
      const fast = engine.search(index, q, { typing });
      const exact = engine.search(index, q, { typing, exact: true });
      if (!exact.hits.length) continue;
      n += 1;
      if (fast.approximate) shortcuts += 1;
      const a = fast.hits.map((h) => h.ref), b = exact.hits.map((h) => h.ref);
      // A tie for first place in another order is the same answer.
      if (fast.hits.length && Math.abs(fast.hits[0].score - exact.hits[0].score) < 1e-9) first += 1;
      top3 += overlap(a, b, 3);
      top10 += overlap(a, b, 10);
    }
    console.log(`${role} ${typing ? "typed    " : "submitted"}: ${n} queries with results, ${shortcuts} took a shortcut; ` +
                `same first result ${(first / n * 100).toFixed(1)}%, top-3 overlap ${(top3 / n).toFixed(3)}, top-10 overlap ${(top10 / n).toFixed(3)}`);
  }
}
