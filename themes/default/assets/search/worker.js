/* kbgen search host: loads the indexes in stages and answers queries. Runs as a Web Worker so
 * the page never freezes; search.js runs the same host in the page where Workers are unavailable. */
(function (root) {
  "use strict";

  // loadData(role, url), when given, fetches an index or store some other way than fetch()
  // (an --offline page loads them as scripts).
  function createHost(post, loadScripts, loadData) {
    var engine = null;
    var quick = null; // { index, language }: titles, keyword phrases, questions, descriptions
    var full = null; // every entry and field, sections and body text included
    var stage = 0;
    var stores = { quick: null, crumbs: [], sections: [], excerpts: null };
    var pending = null;

    function fetchJSON(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }

    function load(config, role) {
      return loadData ? loadData(role, config[role]) : fetchJSON(config[role]);
    }

    function init(config) {
      // config.stemmers: a Snowball language's stemmer and stop words, which tokenizer.js needs.
      loadScripts([config.lunr].concat(config.stemmers || [], [config.tokenizer, config.engine]));
      engine = root.kbgenSearchEngine;
      Promise.all([load(config, "quickIndex"), load(config, "quickStore")]).then(function (files) {
        quick = engine.load(files[0]);
        stores.quick = files[1];
        stores.crumbs = files[1].crumbs;
        stage = 1;
        post({ type: "ready", stage: 1 });
        flush();
        return Promise.all([load(config, "fullIndex"), load(config, "fullStore")]);
      }).then(function (files) {
        full = engine.load(files[0]);
        stores.sections = files[1].docs;
        stores.excerpts = files[1].excerpts;
        stage = 2;
        post({ type: "ready", stage: 2 });
        flush();
      }).catch(function (error) {
        post({ type: "error", message: String(error && error.message || error) });
      });
    }

    // As-you-type suggestions come from the small quick index, which answers in a few
    // milliseconds however large the help center; the full text answers the search page, and
    // the suggestions too when the quick index has nothing.
    function answer(query) {
      var index = query.typing || !full ? quick : full;
      var found = engine.search(index, query.q, { typing: query.typing });
      if (found.mode === "none" && index !== full && full) {
        index = full;
        found = engine.search(full, query.q, { typing: query.typing });
      }
      var described = engine.describe(found.hits, stores, index.language, query.limit);
      post({
        type: "results", id: query.id, q: query.q, stage: stage, mode: found.mode, total: described.total,
        results: described.results,
      });
    }

    function flush() {
      if (pending) { var q = pending; pending = null; answer(q); }
    }

    return function receive(message) {
      if (message.type === "init") init(message.config);
      else if (message.type === "query") {
        if (stage === 0) pending = message; else answer(message);
      }
    };
  }

  root.kbgenCreateSearchHost = createHost;
  if (typeof WorkerGlobalScope !== "undefined" && root instanceof WorkerGlobalScope) {
    var receive = createHost(function (m) { root.postMessage(m); }, function (urls) { root.importScripts.apply(root, urls); });
    root.onmessage = function (event) { receive(event.data); };
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
