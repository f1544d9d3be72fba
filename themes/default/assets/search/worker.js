/* kbgen search host: loads the indexes in stages and answers queries. Runs as a Web Worker so
 * the page never freezes; search.js runs the same host in the page where Workers are unavailable. */
(function (root) {
  "use strict";

  function createHost(post, loadScripts) {
    var engine = null;
    var current = null; // { index, language }
    var stage = 0;
    var stores = { quick: null, crumbs: [], sections: [], excerpts: null };
    var pending = null;

    function fetchJSON(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }

    function init(config) {
      loadScripts([config.lunr, config.tokenizer, config.engine]);
      engine = root.kbgenSearchEngine;
      Promise.all([fetchJSON(config.quickIndex), fetchJSON(config.quickStore)]).then(function (quick) {
        current = engine.load(quick[0]);
        stores.quick = quick[1];
        stores.crumbs = quick[1].crumbs;
        stage = 1;
        post({ type: "ready", stage: 1 });
        flush();
        return Promise.all([fetchJSON(config.fullIndex), fetchJSON(config.fullStore)]);
      }).then(function (full) {
        current = engine.load(full[0]);
        stores.sections = full[1].docs;
        stores.excerpts = full[1].excerpts;
        stage = 2;
        post({ type: "ready", stage: 2 });
        flush();
      }).catch(function (error) {
        post({ type: "error", message: String(error && error.message || error) });
      });
    }

    function answer(query) {
      var found = engine.search(current, query.q, { typing: query.typing });
      var described = engine.describe(found.hits, stores, current.language, query.limit);
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
