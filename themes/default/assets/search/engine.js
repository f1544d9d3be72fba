/* kbgen search engine: what the worker and the page share about queries and results, over
 * kbgenTokenizer: a query's terms (parseQuery), the hits as results (describe) and the words to
 * highlight in them. Searching is fulltext.js's. Used by worker.js, by the page itself where
 * Workers are unavailable, and by the Node tests. See docs/search.md. */
(function (root) {
  "use strict";

  // The query terms: stop words dropped and stems taken as at build time; the last word stays a
  // prefix while the reader is still typing it.
  function parseQuery(text, language, typing) {
    var tk = root.kbgenTokenizer;
    var words = tk.words(text, language);
    var stemmed = tk.isStemmed(language);
    var endsInWord = typing && /[\p{L}\p{M}\p{N}]$/u.test(text);
    var clauses = [];
    var seen = new Set();
    words.forEach(function (word, i) {
      // A one- or two-letter start would expand to a large part of the vocabulary: it waits for a third letter.
      var last = endsInWord && i === words.length - 1 && (Array.from(word).length >= 3 || tk.isCJK(word));
      var stop = stemmed && (tk.isStopWord ? tk.isStopWord(word, language) : tk.STOP_WORDS.has(word));
      if (stop && !last) return;
      var term = stemmed ? tk.stem(word, language) : word;
      if (last && stop) term = word;
      var key = term + (last ? "*" : "");
      if (seen.has(key)) return;
      seen.add(key);
      clauses.push({ term: term, prefix: last, long: Array.from(word).length >= 5 });
    });
    return clauses;
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

  // Hits (fulltext.searchMode's) -> what results show: one per page address (an article found by
  // its title and by a keyword phrase is one result), `limit` of them after the first `offset`.
  // `stores` holds the records ([title, URL, breadcrumb]) and excerpts of the store shards
  // fetched so far, by entry. Results stop at the first hit whose shard is missing: `missing` is
  // its position in the hits, for the host to fetch (-1 when none was needed). `total` is the
  // number of distinct addresses found (found.pages).
  function describe(found, stores, language, limit, offset) {
    limit = limit || 10;
    offset = offset || 0;
    var matched = new Set(found.terms);
    var seen = new Set();
    var results = [];
    var missing = -1;
    var distinct = 0; // addresses so far
    found.hits.forEach(function (hit, position) {
      var doc = stores.records[hit.ref];
      if (!doc) {
        if (missing < 0 && results.length < limit) missing = position;
        return;
      }
      var url = doc[1];
      if (seen.has(url)) return;
      seen.add(url);
      distinct += 1;
      if (missing >= 0 || distinct <= offset || results.length >= limit) return;
      var excerpt = stores.excerpts[hit.ref] || "";
      results.push({
        ref: hit.ref, title: doc[0], url: url, crumb: doc[2], flow: doc[3] === 1, excerpt: excerpt, score: hit.score,
        titleMarks: highlights(doc[0], matched, language), excerptMarks: highlights(excerpt, matched, language),
      });
    });
    return { results: results, total: found.pages, missing: missing };
  }

  var api = { parseQuery: parseQuery, describe: describe, highlights: highlights };
  root.kbgenSearchEngine = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
