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

  // Hits in one mode ("exact": every word; "typo": every word, one edit allowed in long words;
  // "any": any word), best first, shaped like lunr's: {ref, score, matchData: {metadata}}.
  function searchMode(state, clauses, mode) {
    var groups = clauses.map(function (c) {
      var fuzzy = mode !== "exact" && c.long;
      var prefix = c.prefix && !fuzzy;
      return { clause: c, prefix: prefix, fuzzy: fuzzy, terms: expand(state, c, prefix, fuzzy) };
    });
    if (groups.every(function (g) { return !g.terms.length; })) return [];
    if (mode !== "any" && groups.some(function (g) { return !g.terms.length; })) return [];
    var weight = new Map(); // term -> its element in the query vector
    groups.forEach(function (g) {
      g.terms.forEach(function (term) { weight.set(term, (weight.get(term) || 0) + 1); });
      if ((g.prefix || g.fuzzy) && state.postings.has(g.clause.term)) weight.set(g.clause.term, (weight.get(g.clause.term) || 0) + 2);
    });
    var magnitude = 0;
    weight.forEach(function (w) { magnitude += w * w; });
    magnitude = Math.sqrt(magnitude);
    var scores = new Map(); // entry -> {score, matched}
    weight.forEach(function (w, term) {
      var fields = state.postings.get(term);
      for (var f = 0; f < fields.length; f++) {
        var flat = fields[f];
        if (!flat) continue;
        for (var i = 0, entry = 0; i < flat.length; i += 2) {
          entry += flat[i];
          var found = scores.get(entry);
          if (!found) scores.set(entry, found = { score: 0, matched: Object.create(null) });
          found.score += w * (flat[i + 1] / 1000) / magnitude;
          found.matched[term] = {};
        }
      }
    });
    var hits = [];
    scores.forEach(function (found, entry) {
      if (mode !== "any" && !groups.every(function (g) { return g.terms.some(function (t) { return found.matched[t]; }); })) return;
      hits.push({ ref: String(entry), score: found.score, matchData: { metadata: found.matched } });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
    return hits;
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
