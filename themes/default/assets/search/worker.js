/* kbgen search host: loads the indexes in stages and answers queries. Runs as a Web Worker so
 * the page never freezes; search.js runs the same host in the page where Workers are unavailable. */
(function (root) {
  "use strict";

  // loadData(role, url), when given, fetches an index or store some other way than fetch()
  // (an --offline page loads them as scripts).
  function createHost(post, loadScripts, loadData) {
    var engine = null;
    var fulltext = null;
    var quick = null; // { index, language }: titles, keyword phrases, questions, descriptions
    var full = null; // the full text's meta and the shards fetched so far (fulltext.js)
    var stage = 0;
    var stores = { quick: null, crumbs: [], sections: [], excerpts: [], loaded: new Set() };
    var pending = null;
    var answering = Promise.resolve(); // answers go out in the order queries came in

    function fetchJSON(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }

    function load(role, url) {
      return loadData ? loadData(role, url) : fetchJSON(url);
    }

    function init(config) {
      // config.stemmers: a Snowball language's stemmer and stop words, which tokenizer.js needs.
      loadScripts([config.lunr].concat(config.stemmers || [], [config.tokenizer, config.engine, config.fulltext]));
      engine = root.kbgenSearchEngine;
      fulltext = root.kbgenFullText;
      Promise.all([load("quickIndex", config.quickIndex), load("quickStore", config.quickStore)]).then(function (files) {
        quick = engine.load(files[0]);
        stores.quick = files[1];
        stores.crumbs = files[1].crumbs;
        stage = 1;
        post({ type: "ready", stage: 1 });
        flush();
        return load("fullMeta", config.fullMeta);
      }).then(function (meta) {
        full = fulltext.open(meta);
        stage = 2;
        post({ type: "ready", stage: 2 });
        flush();
      }).catch(fail);
    }

    function fail(error) {
      post({ type: "error", message: String(error && error.message || error) });
    }

    function fetchShards(numbers) {
      return Promise.all(numbers.map(function (n) {
        var shard = full.meta.shards[n];
        return load(shard[0], shard[1]).then(function (data) { fulltext.addShard(full, n, data); });
      }));
    }

    function fetchStores(refs) {
      return Promise.all(fulltext.storesFor(full.meta, refs, stores.loaded).map(function (n) {
        var store = full.meta.stores[n];
        return load(store[0], store[1]).then(function (data) { fulltext.addStore(stores, n, data, full.meta.quick); });
      }));
    }

    // Every word; then every word with one typo in long words; then any word: each mode fetches
    // the shards it needs first.
    function searchFull(q, typing) {
      var clauses = engine.parseQuery(q, full.meta.language, typing);
      if (!clauses.length) return Promise.resolve({ mode: "empty", hits: [] });
      var modes = ["exact", "typo", "any"];
      function step(m) {
        return fetchShards(fulltext.shardsFor(full, clauses, modes[m])).then(function () {
          var hits = fulltext.searchMode(full, clauses, modes[m]);
          if (hits.length) return { mode: modes[m], hits: hits };
          return m + 1 < modes.length ? step(m + 1) : { mode: "none", hits: [] };
        });
      }
      return step(0);
    }

    // As-you-type suggestions come from the small quick index, which answers in a few
    // milliseconds however large the help center; the full text answers the search page, and
    // the suggestions too when the quick index has nothing.
    function answer(query) {
      var found = { mode: "none", hits: [] };
      if (query.typing || !full) found = engine.search(quick, query.q, { typing: query.typing });
      var next = found.mode === "none" && full ? searchFull(query.q, query.typing) : Promise.resolve(found);
      return next.then(function (result) {
        var wanted = result.hits.slice(0, (query.limit || 10) * 4).map(function (hit) { return hit.ref; });
        return (full ? fetchStores(wanted) : Promise.resolve()).then(function () {
          var described = engine.describe(result.hits, stores, quick.language, query.limit);
          post({
            type: "results", id: query.id, q: query.q, stage: stage, mode: result.mode, total: described.total,
            results: described.results,
          });
        });
      });
    }

    function enqueue(query) {
      answering = answering.then(function () { return answer(query); }).catch(fail);
    }

    function flush() {
      if (pending) { var q = pending; pending = null; enqueue(q); }
    }

    return function receive(message) {
      if (message.type === "init") init(message.config);
      else if (message.type === "query") {
        if (stage === 0) pending = message; else enqueue(message);
      }
    };
  }

  root.kbgenCreateSearchHost = createHost;
  if (typeof WorkerGlobalScope !== "undefined" && root instanceof WorkerGlobalScope) {
    var receive = createHost(function (m) { root.postMessage(m); }, function (urls) { root.importScripts.apply(root, urls); });
    root.onmessage = function (event) { receive(event.data); };
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
