// Loads a built site's own search code (lunr.js, stemmers, tokenizer, engine, full-text shards and
// the worker's host) in Node, as its pages do: the file names come from the search configuration
// written into index.html. `ask` runs queries through the host, shards fetched from disk.
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = function siteSearch(siteDir, page) {
  const site = path.resolve(siteDir);
  const html = fs.readFileSync(path.join(site, page || "index.html"), "utf8");
  const config = JSON.parse(html.match(/<script type="application\/json" id="kb-search-config">([^<]*)<\/script>/)[1]);
  const file = (url) => path.join(site, decodeURIComponent(url.slice(config.basePath.length - 1)));
  const lunr = require(file(config.lunr));
  globalThis.lunr = lunr;
  (config.stemmers || []).forEach((url) => require(file(url)));
  require(file(config.tokenizer));
  const engine = require(file(config.engine));
  require(file(config.fulltext));
  require(file(config.worker));
  const json = (role) => JSON.parse(fs.readFileSync(file(config[role]), "utf8"));
  const fetched = []; // every file the host asked for, as a reader's browser would fetch it

  // Queries through the worker's own host once the full text is ready: [{q, typing, limit}] -> its answers.
  function ask(queries) {
    return new Promise((resolve, reject) => {
      const answers = [];
      let next = 0;
      const host = globalThis.kbgenCreateSearchHost((message) => {
        if (message.type === "error") reject(new Error(message.message));
        if (message.type === "ready" && message.stage === 2) send();
        if (message.type === "results") { answers.push(message); send(); }
      }, () => {}, (role, url) => { fetched.push(url); return Promise.resolve(JSON.parse(fs.readFileSync(file(url), "utf8"))); });
      const send = () => {
        if (next >= queries.length) { if (answers.length === queries.length) resolve(answers); return; }
        const q = queries[next];
        next += 1;
        host({ type: "query", id: next, q: q.q, typing: !!q.typing, limit: q.limit || 10 });
      };
      host({ type: "init", config });
    });
  }
  return { config, file, lunr, engine, json, ask, fetched };
};
