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
  var NO_POSTINGS = Object.freeze({}); // a field that never holds the term

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
    var fieldDf = fields.map(function () { return new Uint32Array(terms.length); }); // postings per (field, term)
    for (var d = 0; d < n; d++) {
      for (var f = 0; f < nf; f++) {
        var list = docs[d][f];
        if (!list) continue;
        totals[f] += list.length;
        var term = 0;
        var counts = fieldDf[f];
        for (var i = 0; i < list.length; i++) {
          term += list[i];
          if (i === 0 || list[i] !== 0) { df[term] += 1; counts[term] += 1; } // once per (entry, field), as lunr counts postings
        }
      }
    }
    var idf = new Float64Array(terms.length);
    // Entries per (field, term), filled below. lunr wants each posting as {field: {entry: metadata}};
    // made for every term at load, those objects took most of the load time and memory at 10,000
    // articles (millions of keys), while a query touches a few terms. So a posting makes its
    // field objects the first time lunr reads them (a getter on a shared prototype).
    var lists = fields.map(function () { return new Array(terms.length); });
    var proto = {};
    fields.forEach(function (field, f) {
      Object.defineProperty(proto, field, {
        get: function () {
          var entries = lists[f][this._index];
          var made = entries ? {} : NO_POSTINGS;
          if (entries) for (var k = 0; k < entries.length; k++) made[entries[k]] = NO_METADATA;
          Object.defineProperty(this, field, { value: made, enumerable: true });
          return made;
        },
      });
    });
    var postings = new Array(terms.length);
    for (var t = 0; t < terms.length; t++) {
      idf[t] = Math.log(1 + Math.abs((n - df[t] + 0.5) / (df[t] + 0.5)));
      var posting = Object.create(proto);
      posting._index = t;
      postings[t] = posting;
    }
    var fieldVectors = [];
    var byField = fields.map(function () { return new Array(n); }); // [field][entry] -> elements, for candidateQuery
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
          (lists[f2][current] || (lists[f2][current] = [])).push(d2);
          var score = idf[current] * ((k1 + 1) * count) / (norm + count) * boosts[f2];
          elements.push(current, Math.round(score * 1000) / 1000);
          if (j < items.length) { current += items[j]; count = 1; }
        }
        var packed = Float64Array.from(elements);
        byField[f2][d2] = packed;
        fieldVectors.push([field + "/" + d2, packed]);
      }
    }
    var invertedIndex = new Array(terms.length);
    for (var t2 = 0; t2 < terms.length; t2++) invertedIndex[t2] = [terms[t2], postings[t2]];
    var serialized = { version: root.lunr.version, fields: fields, fieldVectors: fieldVectors, invertedIndex: invertedIndex, pipeline: [] };
    // What candidateQuery reads besides lunr's index; not lunr's, so kept out of its JSON.
    Object.defineProperty(serialized, "kbgen", { value: { boosts: boosts, fieldDf: fieldDf, byField: byField, lists: lists } });
    return serialized;
  }

  // Queries whose words have more postings than this are answered by candidateQuery instead of
  // lunr.Index.query (see there). Small help centers never reach it.
  var MIN_CUTOFF = 2000;

  function load(compact) {
    var serialized = toLunr(compact);
    var extra = serialized.kbgen;
    return {
      index: root.lunr.Index.load(serialized), language: compact.language, fields: serialized.fields,
      boosts: extra.boosts, fieldDf: extra.fieldDf, byField: extra.byField, lists: extra.lists,
      entries: compact.docs.length, cutoff: Math.max(MIN_CUTOFF, Math.round(compact.docs.length * 0.03)),
    };
  }

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

  // A clause's index terms: itself, its completions while typed, or its near misses (one edit),
  // found with lunr's own token sets exactly as lunr.Index.query expands them.
  function expand(index, clause, prefix, fuzzy) {
    var lunr = root.lunr;
    if (!prefix && !fuzzy) return index.invertedIndex[clause.term] ? [clause.term] : [];
    var wanted = fuzzy ? lunr.TokenSet.fromFuzzyString(clause.term, 1) : lunr.TokenSet.fromString(clause.term + "*");
    return index.tokenSet.intersect(wanted).toArray();
  }

  function runLunr(loaded, clauses, mode, budget) {
    var index = loaded.index;
    var groups = clauses.map(function (c) {
      var fuzzy = mode !== "exact" && c.long;
      // A word still being typed matches its completions; once typos are allowed, a long one is matched loosely instead.
      var prefix = c.prefix && !fuzzy;
      var terms = expand(index, c, prefix, fuzzy);
      return { clause: c, prefix: prefix, fuzzy: fuzzy, terms: terms, cost: postingsOf(loaded, terms) };
    });
    if (groups.every(function (g) { return !g.terms.length; })) return [];
    if (mode !== "any" && groups.some(function (g) { return !g.terms.length; })) return [];
    var cost = groups.reduce(function (sum, g) { return sum + g.cost; }, 0);
    return cost <= budget ? lunrQuery(index, groups, mode) : candidateQuery(loaded, groups, mode, budget);
  }

  // lunr.Index.query itself, one clause per word (a wildcard or edit-distance clause while typing
  // or allowing typos) plus the exact word boosted. The clauses are optional and "every word must
  // match" is checked on the hits' matched terms: the same hits and scores as required clauses,
  // which lunr answers by copying its document sets once per expanded term and field (54 ms
  // instead of 7 for a three-letter prefix at 10,000 articles).
  function lunrQuery(index, groups, mode) {
    var lunr = root.lunr;
    var hits = index.query(function (q) {
      groups.forEach(function (g) {
        var c = g.clause;
        var clause = { usePipeline: false, presence: lunr.Query.presence.OPTIONAL,
                       wildcard: g.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE };
        // lunr treats any editDistance key, even 0, as a fuzzy clause (which ignores wildcards).
        if (g.fuzzy) clause.editDistance = 1;
        q.term(c.term, clause);
        // The exact word ranks above its completions and near misses.
        if (g.prefix || g.fuzzy) q.term(c.term, { usePipeline: false, boost: 2, presence: lunr.Query.presence.OPTIONAL });
      });
    });
    if (mode === "any") return hits;
    return hits.filter(function (hit) { return holdsEveryWord(groups, hit.matchData.metadata); });
  }

  // The same query when its words have many postings. lunr.Index.query makes several objects for
  // every posting of every word, so at 10,000 articles a query holding a common word took 50 to
  // 900 ms. Here the candidates come from the rarest word's postings only (a document holding
  // every word holds that one), the other words are checked in their postings, and each
  // candidate is scored with lunr's own arithmetic: the query vector lunr would build, and
  // Vector.similarity summed over the document's fields. For "every word" queries the hits and
  // scores are lunr's. Two shortcuts trade exactness for speed, and only on large sites:
  // - when even the rarest word is common, its candidates come from the fields where it is not
  //   (titles, headings), not from every body that mentions it;
  // - "any word" takes candidates from the rarest words only, as their documents rank first.
  function candidateQuery(loaded, groups, mode, budget) {
    var index = loaded.index;
    var lunr = root.lunr;
    var present = groups.filter(function (g) { return g.terms.length; });
    // Candidates come from the rarest word when every word must match (a document holding them
    // all holds that one), from every word when any may.
    var sources = mode === "any" ? present : [present.reduce(function (a, b) { return b.cost < a.cost ? b : a; })];
    // Their postings, by field and term, in the order of what they can add to a score (the
    // field's boost times the term's idf: a common word in a title outranks a rare one in a
    // description), until the budget of postings is spent.
    var pairs = [];
    sources.forEach(function (g) {
      g.terms.forEach(function (term) {
        var df = 0;
        var counts = loaded.fields.map(function (field, f) { var c = fieldPostings(loaded, term, f); df += c; return c; });
        var idf = Math.log(1 + Math.abs((loaded.entries - df + 0.5) / (df + 0.5)));
        counts.forEach(function (count, f) {
          if (count) pairs.push({ term: term, field: loaded.fields[f], weight: loaded.boosts[f] * idf, count: count });
        });
      });
    });
    pairs.sort(function (a, b) { return b.weight - a.weight || a.count - b.count; });
    var candidates = new Map(); // ref -> terms it holds, as far as known
    var spent = 0;
    var skipped = false;
    pairs.forEach(function (pair) {
      if (spent && spent + pair.count > budget) { skipped = true; return; }
      spent += pair.count;
      var take = function (ref) {
        var known = candidates.get(ref);
        if (!known) candidates.set(ref, known = Object.create(null));
        known[pair.term] = {};
      };
      // entry numbers, as strings like lunr's refs
      var entries = loaded.lists[loaded.fields.indexOf(pair.field)][index.invertedIndex[pair.term]._index] || [];
      for (var e = 0; e < entries.length; e++) take(String(entries[e]));
    });
    // The query vector lunr builds: +1 per expanded term, +2 for the exact word of a prefix or typo clause.
    var query = new lunr.Vector();
    var add = function (a, b) { return a + b; };
    present.forEach(function (g) {
      g.terms.forEach(function (term) { query.upsert(index.invertedIndex[term]._index, 1, add); });
      if ((g.prefix || g.fuzzy) && index.invertedIndex[g.clause.term]) query.upsert(index.invertedIndex[g.clause.term]._index, 2, add);
    });
    var magnitude = query.magnitude();
    var q = query.elements;
    var termOf = {}; // term number -> term, for the matched terms highlights need
    present.forEach(function (g) { g.terms.forEach(function (term) { termOf[index.invertedIndex[term]._index] = term; }); });
    var results = [];
    candidates.forEach(function (matched, ref) {
      // The dot products in lunr's order (by term number), summed over the fields; a term is in
      // a field's vector exactly when the field holds it, which also tells which words the document holds.
      var score = 0;
      for (var f = 0; f < loaded.fields.length; f++) {
        var elements = loaded.byField[f][ref];
        if (!elements) continue;
        var dot = 0;
        if (elements.length < q.length * 4) { // short field: walk both, as lunr's Vector.dot does
          for (var a = 0, b = 0; a < q.length && b < elements.length;) {
            if (q[a] < elements[b]) a += 2;
            else if (q[a] > elements[b]) b += 2;
            else { dot += q[a + 1] * elements[b + 1]; hold(matched, termOf[q[a]]); a += 2; b += 2; }
          }
        } else { // long field (a body): look each query term up
          for (var i = 0; i < q.length; i += 2) {
            var at = find(elements, q[i]);
            if (at >= 0) { dot += q[i + 1] * elements[at + 1]; hold(matched, termOf[q[i]]); }
          }
        }
        score += dot / magnitude || 0;
      }
      if (mode !== "any" && !holdsEveryWord(present, matched)) return;
      results.push({ ref: ref, score: score, matchData: { metadata: matched } });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    results.approximate = skipped || mode === "any"; // "any word" from candidates is a subset of lunr's hits
    results.path = "candidates";
    return results;
  }

  // "Every word must match": each word's group has one of its terms among the matched ones.
  function holdsEveryWord(groups, matched) {
    return groups.every(function (g) { return g.terms.some(function (term) { return matched[term]; }); });
  }

  function hold(matched, term) {
    if (!matched[term]) matched[term] = {};
  }

  // Position of term `at` in a vector's [term, score, term, score...] elements (sorted by term), or -1.
  function find(elements, at) {
    var lo = 0;
    var hi = elements.length / 2 - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var value = elements[mid * 2];
      if (value === at) return mid * 2;
      if (value < at) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  function postingsOf(loaded, terms) {
    var total = 0;
    terms.forEach(function (term) {
      for (var f = 0; f < loaded.fields.length; f++) total += fieldPostings(loaded, term, f);
    });
    return total;
  }

  function fieldPostings(loaded, term, f) {
    return loaded.fieldDf[f][loaded.index.invertedIndex[term]._index] || 0;
  }

  // Every word must match; then every word allowing one typo in words of 5+ letters; then any word.
  function search(loaded, text, options) {
    options = options || {};
    var clauses = parseQuery(text, loaded.language, !!options.typing);
    if (!clauses.length) return { mode: "empty", hits: [] };
    var modes = ["exact", "typo", "any"];
    for (var m = 0; m < modes.length; m++) {
      // Suggestions while typing need the best few answers at once; the search page, more of them.
      // (options.exact: always lunr.Index.query, for the tests that measure what the shortcuts cost.)
      // An error is not "no results": it reaches the host, which reports it.
      var budget = options.exact ? Infinity : options.budget || loaded.cutoff;
      var hits = runLunr(loaded, clauses, modes[m], budget);
      if (hits.length) return { mode: modes[m], hits: hits, path: hits.path || "lunr", approximate: !!hits.approximate };
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
      if (!doc) { seen.add("#" + ref); return; } // a section whose store shard is not fetched: counted, not shown
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
      var excerpt = stores.excerpts && stores.excerpts[ref] || "";
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

  var api = { toLunr: toLunr, load: load, parseQuery: parseQuery, MIN_CUTOFF: MIN_CUTOFF, search: search, describe: describe, highlights: highlights };
  root.kbgenSearchEngine = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
