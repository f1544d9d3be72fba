/* kbgen search engine: rebuilds lunr indexes from kbgen's compact files and answers queries.
 * Pure functions over lunr.js 2.3.9 (unmodified) and kbgenTokenizer; used by worker.js, by the
 * page itself where Workers are unavailable, and by the Node tests. See docs/search.md. */
(function (root) {
  "use strict";

  // lunr.Builder's defaults; an index may carry its own (see kbgen/search/index.py).
  var K1 = 1.2;
  var B = 0.75;

  // Compact index -> the object lunr.Index.load expects, with lunr.Builder's BM25 arithmetic.
  // Built frugally: lunr keeps every posting as an object, so at 10,000 articles the number of
  // objects made here decides whether a phone can hold the index at all.
  var NO_METADATA = Object.freeze({}); // lunr only reads posting metadata for whitelisted keys; one shared empty object serves all

  function toLunr(compact) {
    var k1 = compact.k1 === undefined ? K1 : compact.k1;
    var b = compact.b === undefined ? B : compact.b;
    var fields = compact.fields.map(function (f) { return f[0]; });
    var boosts = compact.fields.map(function (f) { return f[1]; });
    var terms = compact.terms;
    var docs = compact.docs;
    var n = docs.length;
    var nf = fields.length;
    var totals = new Float64Array(nf);
    var df = new Uint32Array(terms.length);
    for (var d = 0; d < n; d++) {
      for (var f = 0; f < nf; f++) {
        var list = docs[d][f];
        if (!list) continue;
        totals[f] += list.length;
        var term = 0;
        for (var i = 0; i < list.length; i++) {
          term += list[i];
          if (i === 0 || list[i] !== 0) df[term] += 1; // once per (entry, field), as lunr counts postings
        }
      }
    }
    var idf = new Float64Array(terms.length);
    var postings = new Array(terms.length);
    for (var t = 0; t < terms.length; t++) {
      idf[t] = Math.log(1 + Math.abs((n - df[t] + 0.5) / (df[t] + 0.5)));
      var posting = { _index: t };
      for (var f1 = 0; f1 < nf; f1++) posting[fields[f1]] = {};
      postings[t] = posting;
    }
    var fieldVectors = [];
    for (var d2 = 0; d2 < n; d2++) {
      for (var f2 = 0; f2 < nf; f2++) {
        var items = docs[d2][f2];
        if (!items) continue; // an empty field can never match, so lunr never looks up its vector
        var field = fields[f2];
        var norm = k1 * (1 - b + b * (items.length / (totals[f2] / n)));
        var elements = [];  // [term, score, term, score...]; handed to lunr as a Float64Array (no boxed numbers)
        var current = 0;
        var count = 0;
        for (var j = 0; j <= items.length; j++) {
          if (j < items.length && (j === 0 || items[j] === 0)) {
            current += items[j];
            count += 1;
            continue;
          }
          // `current` occurs `count` times in this field
          postings[current][field][d2] = NO_METADATA;
          var score = idf[current] * ((k1 + 1) * count) / (norm + count) * boosts[f2];
          elements.push(current, Math.round(score * 1000) / 1000);
          if (j < items.length) { current += items[j]; count = 1; }
        }
        fieldVectors.push([field + "/" + d2, Float64Array.from(elements)]);
      }
    }
    var invertedIndex = new Array(terms.length);
    for (var t2 = 0; t2 < terms.length; t2++) invertedIndex[t2] = [terms[t2], postings[t2]];
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
    var CJK_START = /^[\u{1100}-\u{11FF}\u{2E80}-\u{9FFF}\u{A960}-\u{A97F}\u{AC00}-\u{D7FF}\u{F900}-\u{FAFF}\u{20000}-\u{3FFFF}]/u;
    var clauses = [];
    var seen = new Set();
    words.forEach(function (word, i) {
      // A one- or two-letter start would expand to a large part of the vocabulary: it waits for a third letter.
      var last = endsInWord && i === words.length - 1 && (Array.from(word).length >= 3 || CJK_START.test(word));
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
