// Compares the engine's answers with a forced small budget (so queries take the candidate path
// meant for large help centers) with lunr.Index.query's own answers, on a built site.
// usage: node candidate_path.js SITE_DIR < {"queries": [...], "budget": 40, "typing": false, "compact": index or absent}
// (without "compact", the site's own quick index)
"use strict";
const { engine, json } = require("./site_search")(process.argv[2]);
const { readRequest } = require("./engine_host");
readRequest((request) => {
  const index = engine.load(request.compact || json("quickIndex"));
  const hits = (found) => found.hits.map((h) => [h.ref, h.score, Object.keys(h.matchData.metadata).sort()]);
  process.stdout.write(JSON.stringify(request.queries.map((q) => {
    const fast = engine.search(index, q, { typing: !!request.typing, budget: request.budget });
    const exact = engine.search(index, q, { typing: !!request.typing, exact: true });
    return { q, path: fast.path || null, approximate: !!fast.approximate, mode: [fast.mode, exact.mode],
             fast: hits(fast), exact: hits(exact) };
  })));
});
