/* kbgen search host: loads the indexes in stages and answers queries. Runs as a Web Worker so
 * the page never freezes; search.js runs the same host in the page where Workers are unavailable. */
(function (root) {
  "use strict";

  // loadData(role, url), when given, fetches an index or store some other way than fetch()
  // (an --offline page loads them as scripts).
  function createHost(post, loadScripts, loadData) {
    var engine = null;
    var fulltext = null;
    var quick = null; // titles, keywords, keyword phrases and questions: meta and shards fetched so far (fulltext.js)
    var full = null; // the full text, likewise
    var stage = 0;
    var stores = { records: [], excerpts: [], loaded: new Set(), list: [], size: 100 }; // what results show, by entry
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
      load("quickMeta", config.quickMeta).then(function (meta) {
        quick = fulltext.open(meta);
        stores.list = meta.stores;
        stores.size = meta.storeSize;
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

    function fetchShards(state, numbers) {
      return Promise.all(numbers.map(function (n) {
        var shard = state.meta.shards[n];
        return load(shard[0], shard[1]).then(function (data) { fulltext.addShard(state, n, data); });
      }));
    }

    function fetchStores(refs) {
      return Promise.all(fulltext.storesFor(stores.size, refs, stores.loaded).map(function (n) {
        var store = stores.list[n];
        return load(store[0], store[1]).then(function (data) { fulltext.addStore(stores, n, data); });
      }));
    }

    // Every word; then every word with one typo in long words; then any word: each mode fetches
    // the term shards it needs first. `state` is the quick or the full index (fulltext.open).
    function searchSharded(state, q, typing) {
      var clauses = engine.parseQuery(q, state.meta.language, typing);
      if (!clauses.length) return Promise.resolve({ mode: "empty", hits: [] });
      var modes = ["exact", "typo", "any"];
      function step(m) {
        return fetchShards(state, fulltext.shardsFor(state, clauses, modes[m])).then(function () {
          var hits = fulltext.searchMode(state, clauses, modes[m]);
          if (hits.length) return { mode: modes[m], hits: hits };
          return m + 1 < modes.length ? step(m + 1) : { mode: "none", hits: [] };
        });
      }
      return step(0);
    }

    // As-you-type suggestions come from the quick index (titles, keywords, questions), whose
    // few shards answer in milliseconds however large the help center; the full text answers the
    // search page, and the suggestions too when the quick index has nothing.
    function answer(query) {
      var first = query.typing || !full ? searchSharded(quick, query.q, query.typing) : Promise.resolve({ mode: "none", hits: [] });
      return first.then(function (found) {
        return found.mode === "none" && full ? searchSharded(full, query.q, query.typing) : found;
      }).then(function (result) {
        // What the first results show: their store shards (twice the limit: a keyword phrase and
        // its article are one result).
        var wanted = result.hits.slice(0, (query.limit || 10) * 2).map(function (hit) { return hit.ref; });
        return fetchStores(wanted).then(function () {
          var described = engine.describe(result.hits, stores, quick.meta.language, query.limit);
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
