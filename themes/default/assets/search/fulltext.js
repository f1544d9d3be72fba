/* kbgen full-text search over sharded postings: only the shards a query's words fall in are
 * fetched (see kbgen/search/index.py and docs/search.md). Scores are lunr's: the same BM25
 * weights lunr.Builder computes (shipped per posting), the query vector lunr.Index.query builds
 * (+1 per expanded term, +2 for the exact word of a prefix or typo clause) and lunr's
 * Vector.similarity summed over the fields. Pure functions; the worker does the fetching. */
(function (root) {
  "use strict";

  var LAST = "\uffff";
  var FUZZY_SHARDS = 3; // shards searched for near misses of one word (see shardsFor)

  function open(meta) {
    return { meta: meta, postings: new Map(), loaded: new Set(), sorted: null, tokenSet: null };
  }

  // The shard whose range holds `term`: the last whose first term is not after it.
  function shardOf(meta, term) {
    var firsts = meta.firsts;
    var lo = 0;
    var hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // Shard numbers a query needs in a mode: each word's own shard; its completions' shards while
  // it is typed; for near misses (one edit, words of five letters or more) the shards of words
  // sharing its first letter, at most FUZZY_SHARDS nearest its own: a typo in the first letter,
  // or a near miss further away, is found by the quick index only.
  function shardsFor(state, clauses, mode) {
    var meta = state.meta;
    var wanted = new Set();
    clauses.forEach(function (c) {
      var fuzzy = mode !== "exact" && c.long;
      var at = shardOf(meta, c.term);
      wanted.add(at);
      if (c.prefix && !fuzzy) {
        for (var s = at; s <= shardOf(meta, c.term + LAST); s++) wanted.add(s);
      } else if (fuzzy) {
        var first = Array.from(c.term)[0];
        var from = shardOf(meta, first);
        var to = shardOf(meta, first + LAST);
        var lo = Math.max(from, at - 1);
        var hi = Math.min(to, lo + FUZZY_SHARDS - 1);
        for (var t = lo; t <= hi; t++) wanted.add(t);
      }
    });
    return Array.from(wanted).filter(function (n) { return !state.loaded.has(n); }).sort(function (a, b) { return a - b; });
  }

  function addShard(state, number, shard) {
    for (var i = 0; i < shard.terms.length; i++) state.postings.set(shard.terms[i], shard.postings[i]);
    state.loaded.add(number);
    state.sorted = null;
    state.tokenSet = null;
  }

  function sortedTerms(state) {
    if (!state.sorted) state.sorted = Array.from(state.postings.keys()).sort();
    return state.sorted;
  }

  // A clause's index terms among the loaded shards, as lunr.Index.query expands them.
  function expand(state, clause, prefix, fuzzy) {
    if (!prefix && !fuzzy) return state.postings.has(clause.term) ? [clause.term] : [];
    if (prefix) {
      var terms = sortedTerms(state);
      var lo = 0;
      var hi = terms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < clause.term) lo = mid + 1; else hi = mid; }
      var out = [];
      for (var i = lo; i < terms.length && terms[i].lastIndexOf(clause.term, 0) === 0; i++) out.push(terms[i]);
      return out;
    }
    var lunr = root.lunr;
    if (!state.tokenSet) state.tokenSet = lunr.TokenSet.fromArray(sortedTerms(state));
    return state.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(clause.term, 1)).toArray();
  }

  var NONE = { hits: [], total: 0, pages: 0, terms: [] };

  // Hits in one mode ("exact": every word; "typo": every word, one edit allowed in long words;
  // "any": any word): {hits: the best `want` (all when absent) as [{ref, score}], best first,
  // equal scores by entry; total: how many entries match; pages: how many addresses, a keyword
  // phrase's entry (meta.phrases, a range) being its article's again; terms: the index terms the
  // query matched, which results highlight}. Scores live in typed arrays by entry: at 10,000 articles
  // a common word's postings cover most of 60,000 entries, and an object per entry took 120 ms.
  function searchMode(state, clauses, mode, want) {
    var groups = clauses.map(function (c) {
      var fuzzy = mode !== "exact" && c.long;
      var prefix = c.prefix && !fuzzy;
      return { clause: c, prefix: prefix, fuzzy: fuzzy, terms: expand(state, c, prefix, fuzzy) };
    });
    if (groups.every(function (g) { return !g.terms.length; })) return NONE;
    if (mode !== "any" && groups.some(function (g) { return !g.terms.length; })) return NONE;
    var weight = new Map(); // term -> its element in the query vector
    groups.forEach(function (g) {
      g.terms.forEach(function (term) { weight.set(term, (weight.get(term) || 0) + 1); });
      if ((g.prefix || g.fuzzy) && state.postings.has(g.clause.term)) weight.set(g.clause.term, (weight.get(g.clause.term) || 0) + 2);
    });
    var magnitude = 0;
    weight.forEach(function (w) { magnitude += w * w; });
    magnitude = Math.sqrt(magnitude);
    var n = state.meta.entries;
    var scores = new Float64Array(n);
    var held = new Uint16Array(n); // how many of the query's words each entry holds
    var lastGroup = new Int32Array(n).fill(-1);
    var scored = new Set();
    // Terms in the order they entered the query vector, so that each entry's score adds up in
    // the order lunr adds it.
    groups.forEach(function (g, number) {
      g.terms.forEach(function (term) {
        var w = scored.has(term) ? 0 : weight.get(term);
        scored.add(term);
        var fields = state.postings.get(term);
        for (var f = 0; f < fields.length; f++) {
          var flat = fields[f];
          if (!flat) continue;
          for (var i = 0, entry = 0; i < flat.length; i += 2) {
            entry += flat[i];
            if (w) scores[entry] += w * (flat[i + 1] / 1000) / magnitude;
            if (lastGroup[entry] !== number) { lastGroup[entry] = number; held[entry] += 1; }
          }
        }
      });
    });
    var needed = mode === "any" ? 1 : groups.length;
    var refs = [];
    var phrases = state.meta.phrases || [0, 0];
    var pages = 0;
    for (var e = 0; e < n; e++) {
      if (held[e] < needed) continue;
      refs.push(e);
      if (e < phrases[0] || e >= phrases[1]) pages += 1;
    }
    var top = refs;
    if (want && refs.length > want) {
      var sorted = new Float64Array(refs.length);
      for (var k = 0; k < refs.length; k++) sorted[k] = scores[refs[k]];
      sorted.sort();
      var threshold = sorted[refs.length - want];
      top = refs.filter(function (ref) { return scores[ref] >= threshold; });
    }
    top.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    return {
      hits: top.slice(0, want || top.length).map(function (ref) { return { ref: ref, score: scores[ref] }; }),
      total: refs.length, pages: pages, terms: Array.from(weight.keys()),
    };
  }

  // Store shard numbers holding the records and excerpts of `refs` (`size` entries a shard).
  function storesFor(size, refs, have) {
    var wanted = new Set();
    refs.forEach(function (ref) {
      var n = Math.floor(Number(ref) / size);
      if (!have.has(n)) wanted.add(n);
    });
    return Array.from(wanted).sort(function (a, b) { return a - b; });
  }

  // A store shard into the stores describe() reads: records and excerpts by entry.
  function addStore(stores, number, shard) {
    for (var i = 0; i < shard.records.length; i++) {
      stores.records[shard.first + i] = shard.records[i];
      stores.excerpts[shard.first + i] = shard.excerpts[i];
    }
    stores.loaded.add(number);
  }

  var api = { open: open, shardOf: shardOf, shardsFor: shardsFor, addShard: addShard, searchMode: searchMode,
              storesFor: storesFor, addStore: addStore };
  root.kbgenFullText = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
