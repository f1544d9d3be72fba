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
    var stores = { records: [], excerpts: [], loaded: new Set(), url: "", size: 20 }; // what results show, by entry
    var pending = []; // queries that came before the stage they need: the last of each stage
    var answering = Promise.resolve(); // answers go out in the order queries came in

    // The two meta files keep their names from build to build (a page names them, and an edit
    // must not change every page): `fresh` asks the host whether they changed, every time.
    function fetchJSON(url, fresh) {
      return fetch(url, fresh ? { cache: "no-cache" } : undefined).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }

    function load(role, url) {
      return loadData ? loadData(role, url) : fetchJSON(url, role === "quickMeta" || role === "fullMeta");
    }

    // What the page fetches for the host while this script itself loads (search.js's prefetch: a
    // round trip saved on a slow connection), by role: "scripts" (their texts), "quickMeta",
    // "fullMeta". Each resolves to the page's copy, or to null when the page could not fetch it.
    var supplied = {};

    function expect(role) {
      var later = {};
      later.promise = new Promise(function (resolve) { later.resolve = resolve; });
      supplied[role] = later;
    }

    // The page's copy of `role`, or `fetchIt()` when the page has none.
    function given(role, fetchIt) {
      if (!supplied[role]) return Promise.resolve(fetchIt());
      return supplied[role].promise.then(function (value) { return value == null ? fetchIt() : value; });
    }

    function init(config) {
      // Both meta files are fetched at once, while the scripts load: on a slow connection each
      // request is a round trip. config.scripts: lunr, a Snowball language's stemmer and stop
      // words, tokenizer, engine and fulltext, in the order they run.
      var quickMeta = given("quickMeta", function () { return load("quickMeta", config.quickMeta); });
      var fullMeta = given("fullMeta", function () { return load("fullMeta", config.fullMeta); });
      fullMeta.catch(function () {}); // reported once the quick stage is done, below
      var urls = config.scripts;
      given("scripts", function () { return null; })
        .then(function (texts) { return loadScripts(urls, texts); })
        .then(function () {
          engine = root.kbgenSearchEngine;
          fulltext = root.kbgenFullText;
          return quickMeta;
        }).then(function (meta) {
          quick = fulltext.open(meta);
          stores.url = meta.storeUrl; // "…/store-{n}.hash.json"
          stores.size = meta.storeSize;
          stage = 1;
          post({ type: "ready", stage: 1 });
          flush();
          return fullMeta;
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
        return load("store-" + n, stores.url.replace("{n}", n)).then(function (data) { fulltext.addStore(stores, n, data); });
      }));
    }

    // Every word; then every word with one typo in long words; then any word: each mode fetches
    // the term shards it needs first. `state` is the quick or the full index (fulltext.open);
    // `want`: how many of the best hits to rank.
    function searchSharded(state, q, typing, want) {
      var clauses = engine.parseQuery(q, state.meta.language, typing);
      if (!clauses.length) return Promise.resolve({ mode: "empty", hits: [], total: 0, pages: 0, terms: [] });
      var modes = ["exact", "typo", "any"];
      function step(m) {
        return fetchShards(state, fulltext.shardsFor(state, clauses, modes[m])).then(function () {
          var found = fulltext.searchMode(state, clauses, modes[m], want);
          if (found.total) { found.mode = modes[m]; return found; }
          return m + 1 < modes.length ? step(m + 1) : { mode: "none", hits: [], total: 0, pages: 0, terms: [] };
        });
      }
      return step(0);
    }

    // Results from `found`, fetching the store shards of the hits shown, `limit` at a time (a
    // keyword phrase and its article are one result, so a few more may be needed); ranking more
    // hits when the ranked ones run out before the page is full.
    function describe(state, query, found, want) {
      var limit = query.limit || 10;
      var described = engine.describe(found, stores, state.meta.language, limit, query.offset);
      if (described.missing >= 0) {
        var next = found.hits.slice(described.missing, described.missing + limit).map(function (hit) { return hit.ref; });
        return fetchStores(next).then(function () { return describe(state, query, found, want); });
      }
      if (described.results.length < limit && found.hits.length < found.total) {
        return searchSharded(state, query.q, query.typing, want * 4).then(function (more) { return describe(state, query, more, want * 4); });
      }
      return Promise.resolve(described);
    }

    // As-you-type suggestions come from the quick index (titles, keywords, questions), whose
    // few shards answer in milliseconds however large the help center; the full text answers the
    // search page, and the suggestions too when the quick index has nothing.
    function answer(query) {
      var want = Math.max(100, ((query.offset || 0) + (query.limit || 10)) * 4);
      var state = query.typing || !full ? quick : full;
      return searchSharded(state, query.q, query.typing, want).then(function (found) {
        if (found.mode === "none" && state === quick && full) {
          state = full;
          return searchSharded(full, query.q, query.typing, want);
        }
        return found;
      }).then(function (found) {
        return describe(state, query, found, want).then(function (described) {
          post({
            type: "results", id: query.id, q: query.q, stage: stage, mode: found.mode, total: described.total,
            offset: query.offset || 0, results: described.results,
          });
        });
      });
    }

    function enqueue(query) {
      answering = answering.then(function () { return answer(query); }).catch(fail);
    }

    // A query needs the quick stage, or with {full: true} (the search page) the full text.
    function needs(query) {
      return query.full ? 2 : 1;
    }

    function flush() {
      var ready = pending.filter(function (q) { return needs(q) <= stage; });
      pending = pending.filter(function (q) { return needs(q) > stage; });
      ready.forEach(enqueue);
    }

    return function receive(message) {
      if (message.type === "init") {
        (message.supplied || []).forEach(expect);
        init(message.config);
      } else if (message.type === "supplied") {
        if (supplied[message.role]) supplied[message.role].resolve(message.value);
      } else if (message.type === "query") {
        if (needs(message) <= stage) { enqueue(message); return; }
        pending = pending.filter(function (q) { return needs(q) !== needs(message); });
        pending.push(message);
      }
    };
  }

  // The scripts fetched at once (or their `texts`, fetched by the page) and run in order as one:
  // importScripts alone fetches them one after another, a round trip each. Where that fails (a
  // content security policy forbidding blob: scripts, a fetch refused), importScripts as usual.
  function importAll(urls, texts) {
    var fetched = texts ? Promise.resolve(texts) : Promise.all(urls.map(function (url) {
      return fetch(url).then(function (response) { return response.ok ? response.text() : null; }, function () { return null; });
    }));
    return fetched.then(function (texts) {
      if (texts.indexOf(null) < 0) {
        // "void 0" first: no file's "use strict" can become the whole script's.
        var blob = URL.createObjectURL(new Blob(["void 0;\n" + texts.join("\n;\n")], { type: "text/javascript" }));
        try {
          root.importScripts(blob);
          return;
        } catch (e) {
          // fall through
        } finally {
          URL.revokeObjectURL(blob);
        }
      }
      root.importScripts.apply(root, urls);
    });
  }

  root.kbgenCreateSearchHost = createHost;
  if (typeof WorkerGlobalScope !== "undefined" && root instanceof WorkerGlobalScope) {
    var receive = createHost(function (m) { root.postMessage(m); }, importAll);
    root.onmessage = function (event) { receive(event.data); };
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
