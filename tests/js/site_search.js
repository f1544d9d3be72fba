// Loads a built site's own search code (lunr.js, stemmers, tokenizer, engine, full-text shards and
// the worker's host) in Node, as its pages do: the file names come from the search configuration
// written into index.html. `session()` is a reader's search session through the worker's host.
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = function siteSearch(siteDir, page) {
  const site = path.resolve(siteDir);
  const html = fs.readFileSync(path.join(site, page || "index.html"), "utf8");
  const config = JSON.parse(html.match(/<script type="application\/json" id="kb-search-config">([^<]*)<\/script>/)[1]);
  const file = (url) => path.join(site, decodeURIComponent(url.slice(config.basePath.length - 1)));
  // config.scripts: lunr first (the stemmers need it as a global), then the rest in page order.
  const lunr = require(file(config.scripts[0]));
  globalThis.lunr = lunr;
  config.scripts.slice(1).forEach((url) => require(file(url)));
  const engine = globalThis.kbgenSearchEngine;
  require(file(config.worker));
  const json = (role) => JSON.parse(fs.readFileSync(file(config[role]), "utf8"));
  // A reader's search session: the worker's own host, its files read from disk. `ask` answers
  // queries in order once the full text is ready (with {quickOnly: true}: once the quick stage
  // is, the full-text meta never arriving); `fetched` lists every file the session asked for.
  function session(options) {
    const quickOnly = !!(options && options.quickOnly);
    const fetched = [];
    let ready = null;
    let answer = null;
    const host = globalThis.kbgenCreateSearchHost((message) => {
      if (message.type === "error" && answer) answer.reject(new Error(message.message));
      if (message.type === "ready" && message.stage === (quickOnly ? 1 : 2)) ready();
      if (message.type === "results" && answer) answer.got(message);
    }, () => {}, (role, url) => {
      if (quickOnly && role === "fullMeta") return new Promise(() => {});
      fetched.push(url);
      return Promise.resolve(JSON.parse(fs.readFileSync(file(url), "utf8")));
    });
    const started = new Promise((resolve) => { ready = resolve; });
    host({ type: "init", config });
    let nextId = 0;
    async function ask(queries) {
      await started;
      const answers = [];
      for (const q of queries) {
        answers.push(await new Promise((resolve, reject) => {
          answer = { got: resolve, reject };
          nextId += 1;
          host({ type: "query", id: nextId, q: q.q, typing: !!q.typing, limit: q.limit || 10 });
        }));
      }
      return answers;
    }
    return { ask, fetched };
  }

  const ask = (queries, options) => session(options).ask(queries);
  return { config, file, lunr, engine, json, ask, session };
};
