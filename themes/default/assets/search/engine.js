/* kbgen search engine: rebuilds lunr indexes from kbgen's compact files and answers queries.
 * Pure functions over lunr.js 2.3.9 (unmodified) and kbgenTokenizer; used by worker.js, by the
 * page itself where Workers are unavailable, and by the Node tests. See docs/search.md. */
(function (root) {
  "use strict";

  // lunr.Builder's defaults; an index may carry its own (see kbgen/search/index.py).
  var K1 = 1.2;
  var B = 0.75;

  // Compact index -> the object lunr.Index.load expects, with lunr.Builder's BM25 arithmetic.
  function toLunr(compact) {
    var k1 = compact.k1 === undefined ? K1 : compact.k1;
    var b = compact.b === undefined ? B : compact.b;
    var fields = compact.fields.map(function (f) { return f[0]; });
    var boosts = compact.fields.map(function (f) { return f[1]; });
    var terms = compact.terms;
    var docs = compact.docs;
    var n = docs.length;
    var totals = fields.map(function () { return 0; });
    var frequencies = new Array(n);
    var postings = new Array(terms.length);
    for (var d = 0; d < n; d++) {
      var perField = new Array(fields.length);
      for (var f = 0; f < fields.length; f++) {
        var list = docs[d][f];
        var tf = null;
        if (list) {
          tf = new Map();
          var term = 0;
          for (var i = 0; i < list.length; i++) {
            term += list[i];
            tf.set(term, (tf.get(term) || 0) + 1);
          }
          totals[f] += list.length;
          tf.forEach(function (_, t) {
            var p = postings[t] || (postings[t] = { count: 0, byField: fields.map(function () { return []; }) });
            p.byField[f].push(d);
            p.count += 1;
          });
        }
        perField[f] = { tf: tf, length: list ? list.length : 0 };
      }
      frequencies[d] = perField;
    }
    var averages = totals.map(function (total) { return total / n; });
    var idf = new Array(terms.length);
    var invertedIndex = new Array(terms.length);
    for (var t = 0; t < terms.length; t++) {
      var posting = { _index: t };
      var p = postings[t];
      for (var f2 = 0; f2 < fields.length; f2++) {
        var refs = {};
        if (p) p.byField[f2].forEach(function (doc) { refs[doc] = {}; });
        posting[fields[f2]] = refs;
      }
      invertedIndex[t] = [terms[t], posting];
      var df = p ? p.count : 0;
      idf[t] = Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
    }
    var fieldVectors = [];
    for (var d2 = 0; d2 < n; d2++) {
      for (var f3 = 0; f3 < fields.length; f3++) {
        var entry = frequencies[d2][f3];
        var elements = [];
        if (entry.tf) {
          var ids = Array.from(entry.tf.keys()).sort(function (a, b) { return a - b; });
          for (var k = 0; k < ids.length; k++) {
            var freq = entry.tf.get(ids[k]);
            var score = idf[ids[k]] * ((k1 + 1) * freq) /
              (k1 * (1 - b + b * (entry.length / averages[f3])) + freq);
            score *= boosts[f3];
            elements.push(ids[k], Math.round(score * 1000) / 1000);
          }
        }
        fieldVectors.push([fields[f3] + "/" + d2, elements]);
      }
    }
    return { version: root.lunr.version, fields: fields, fieldVectors: fieldVectors, invertedIndex: invertedIndex, pipeline: [] };
  }

  function load(compact) {
    return { index: root.lunr.Index.load(toLunr(compact)), language: compact.language };
  }

  // The query terms: stop words dropped and stems taken as at build time; the last word stays a
  // prefix while the reader is still typing it.
  function parseQuery(text, language, typing) {
    var tk = root.kbgenTokenizer;
    var words = tk.words(text);
    var stemmed = tk.isStemmed(language);
    var endsInWord = typing && /[\p{L}\p{M}\p{N}]$/u.test(text);
    var clauses = [];
    var seen = new Set();
    words.forEach(function (word, i) {
      var last = endsInWord && i === words.length - 1;
      if (stemmed && tk.STOP_WORDS.has(word) && !last) return;
      var term = stemmed ? tk.stem(word) : word;
      if (last && stemmed && tk.STOP_WORDS.has(word)) term = word;
      var key = term + (last ? "*" : "");
      if (seen.has(key)) return;
      seen.add(key);
      clauses.push({ term: term, prefix: last, long: Array.from(word).length >= 5 });
    });
    return clauses;
  }

  function runLunr(index, clauses, mode) {
    var lunr = root.lunr;
    return index.query(function (q) {
      clauses.forEach(function (c) {
        var presence = mode === "any" ? lunr.Query.presence.OPTIONAL : lunr.Query.presence.REQUIRED;
        var fuzzy = mode !== "exact" && c.long;
        // A word still being typed matches its completions; once typos are allowed, a long one is matched loosely instead.
        var prefix = c.prefix && !fuzzy;
        var clause = { usePipeline: false, presence: presence,
                       wildcard: prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE };
        // lunr treats any editDistance key, even 0, as a fuzzy clause (which ignores wildcards).
        if (fuzzy) clause.editDistance = 1;
        q.term(c.term, clause);
        // The exact word ranks above its completions and near misses.
        if (prefix || fuzzy) q.term(c.term, { usePipeline: false, boost: 2, presence: lunr.Query.presence.OPTIONAL });
      });
    });
  }

  // Every word must match; then every word allowing one typo in words of 5+ letters; then any word.
  function search(loaded, text, options) {
    options = options || {};
    var clauses = parseQuery(text, loaded.language, !!options.typing);
    if (!clauses.length) return { mode: "empty", hits: [] };
    var modes = ["exact", "typo", "any"];
    for (var m = 0; m < modes.length; m++) {
      var hits;
      try {
        hits = runLunr(loaded.index, clauses, modes[m]);
      } catch (e) {
        hits = [];
      }
      if (hits.length) return { mode: modes[m], hits: hits };
    }
    return { mode: "none", hits: [] };
  }

  // [start, end) ranges of `text` whose words stem to a matched index term.
  function highlights(text, matched, language) {
    var out = [];
    if (!text) return out;
    root.kbgenTokenizer.spans(text, language).forEach(function (span) {
      if (span.terms.some(function (t) { return matched.has(t); }) ||
          span.words.some(function (w) { return matched.has(w); })) out.push([span.start, span.end]);
    });
    return out;
  }

  // Hits -> what results show, one per page address (an article found by its title and by a keyword
  // phrase is one result), at most `limit`, from the stores (quick: titles and URLs; full: sections, excerpts).
  function describe(hits, stores, language, limit) {
    var seen = new Set();
    var results = [];
    hits.forEach(function (hit) {
      var ref = Number(hit.ref);
      var doc = lookup(stores, ref);
      var url, crumb;
      if (typeof doc[1] === "string") {
        url = doc[1];
        crumb = stores.crumbs[doc[2]] || "";
      } else {
        var parent = lookup(stores, doc[1]);
        var parentCrumb = stores.crumbs[parent[2]] || "";
        url = doc[2] ? parent[1] + "#" + doc[2] : parent[1];
        crumb = !doc[2] ? parentCrumb : parentCrumb ? parentCrumb + " › " + parent[0] : parent[0];
      }
      if (seen.has(url)) return;
      seen.add(url);
      if (results.length >= (limit || 10)) return;
      var matched = new Set(Object.keys(hit.matchData.metadata));
      var excerpt = stores.excerpts ? stores.excerpts[ref] || "" : "";
      results.push({
        ref: ref, title: doc[0], url: url, crumb: crumb, excerpt: excerpt, score: hit.score,
        titleMarks: highlights(doc[0], matched, language), excerptMarks: highlights(excerpt, matched, language),
      });
    });
    return { results: results, total: seen.size };
  }

  function lookup(stores, ref) {
    var quick = stores.quick.docs;
    return ref < quick.length ? quick[ref] : stores.sections[ref - quick.length];
  }

  var api = { toLunr: toLunr, load: load, parseQuery: parseQuery, search: search, describe: describe, highlights: highlights };
  root.kbgenSearchEngine = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
