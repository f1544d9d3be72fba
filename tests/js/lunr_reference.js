// The reference the sharded search is held to: an index as one lunr.js index and lunr.Index.query
// answering it. `load` rebuilds kbgen's compact index (tests/search/lunr_reference.py) into lunr
// with lunr.Builder's BM25 arithmetic; `wrap` takes an index lunr built itself; `search` runs
// the site's query modes through lunr.Index.query. Test-only: sites ship fulltext.js instead.
// Needs globalThis.lunr and the site's tokenizer and engine (for parseQuery) loaded first.
"use strict";

const K1 = 1.2; // lunr.Builder's defaults; a compact index may carry its own
const B = 0.75;

// Compact index -> the object lunr.Index.load expects. Frugal, since the tests load 10,000
// articles: one shared empty metadata object, postings made the first time lunr reads them.
const NO_METADATA = Object.freeze({});
const NO_POSTINGS = Object.freeze({});

function toLunr(compact) {
  const k1 = compact.k1 === undefined ? K1 : compact.k1;
  const b = compact.b === undefined ? B : compact.b;
  const fields = compact.fields.map((f) => f[0]);
  const boosts = compact.fields.map((f) => f[1]);
  const { terms, docs } = compact;
  const n = docs.length;
  const totals = new Float64Array(fields.length);
  const df = new Uint32Array(terms.length);
  for (const doc of docs) {
    fields.forEach((_, f) => {
      const list = doc[f];
      if (!list) return;
      totals[f] += list.length;
      let term = 0;
      for (let i = 0; i < list.length; i++) {
        term += list[i];
        if (i === 0 || list[i] !== 0) df[term] += 1; // once per (entry, field), as lunr counts postings
      }
    });
  }
  const lists = fields.map(() => new Array(terms.length)); // [field][term] -> entries
  const proto = {};
  fields.forEach((field, f) => {
    Object.defineProperty(proto, field, {
      get() {
        const entries = lists[f][this._index];
        const made = entries ? {} : NO_POSTINGS;
        if (entries) for (const e of entries) made[e] = NO_METADATA;
        Object.defineProperty(this, field, { value: made, enumerable: true });
        return made;
      },
    });
  });
  const idf = new Float64Array(terms.length);
  const invertedIndex = new Array(terms.length);
  for (let t = 0; t < terms.length; t++) {
    idf[t] = Math.log(1 + Math.abs((n - df[t] + 0.5) / (df[t] + 0.5)));
    const posting = Object.create(proto);
    posting._index = t;
    invertedIndex[t] = [terms[t], posting];
  }
  const fieldVectors = [];
  docs.forEach((doc, d) => {
    fields.forEach((field, f) => {
      const items = doc[f];
      if (!items) return; // an empty field can never match, so lunr never looks up its vector
      const norm = k1 * (1 - b + b * (items.length / (totals[f] / n)));
      const elements = []; // [term, score, term, score...]
      let current = 0;
      let count = 0;
      for (let j = 0; j <= items.length; j++) {
        if (j < items.length && (j === 0 || items[j] === 0)) {
          current += items[j];
          count += 1;
          continue;
        }
        (lists[f][current] || (lists[f][current] = [])).push(d);
        const score = idf[current] * ((k1 + 1) * count) / (norm + count) * boosts[f];
        elements.push(current, Math.round(score * 1000) / 1000);
        if (j < items.length) { current += items[j]; count = 1; }
      }
      fieldVectors.push([field + "/" + d, Float64Array.from(elements)]);
    });
  });
  return { version: globalThis.lunr.version, fields, fieldVectors, invertedIndex, pipeline: [] };
}

function load(compact) {
  return { index: globalThis.lunr.Index.load(toLunr(compact)), language: compact.language };
}

function wrap(index, language) {
  return { index, language };
}

// A clause's index terms: itself, its completions while typed, or its near misses (one edit).
function expand(index, clause, prefix, fuzzy) {
  const lunr = globalThis.lunr;
  if (!prefix && !fuzzy) return index.invertedIndex[clause.term] ? [clause.term] : [];
  const wanted = fuzzy ? lunr.TokenSet.fromFuzzyString(clause.term, 1) : lunr.TokenSet.fromString(clause.term + "*");
  return index.tokenSet.intersect(wanted).toArray();
}

// lunr.Index.query, one optional clause per word (a wildcard or edit-distance clause while typing
// or allowing typos) plus the exact word boosted; "every word" checked on the matched terms.
function runLunr(loaded, clauses, mode) {
  const lunr = globalThis.lunr;
  const index = loaded.index;
  const groups = clauses.map((c) => {
    const fuzzy = mode !== "exact" && c.long;
    const prefix = c.prefix && !fuzzy;
    return { clause: c, prefix, fuzzy, terms: expand(index, c, prefix, fuzzy) };
  });
  if (groups.every((g) => !g.terms.length)) return [];
  if (mode !== "any" && groups.some((g) => !g.terms.length)) return [];
  const hits = index.query((q) => {
    groups.forEach((g) => {
      const clause = { usePipeline: false, presence: lunr.Query.presence.OPTIONAL,
                       wildcard: g.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE };
      if (g.fuzzy) clause.editDistance = 1; // lunr treats any editDistance key, even 0, as fuzzy
      q.term(g.clause.term, clause);
      if (g.prefix || g.fuzzy) q.term(g.clause.term, { usePipeline: false, boost: 2, presence: lunr.Query.presence.OPTIONAL });
    });
  });
  if (mode === "any") return hits;
  return hits.filter((hit) => groups.every((g) => g.terms.some((t) => hit.matchData.metadata[t])));
}

// Every word; then every word allowing one typo in words of 5+ letters; then any word.
function search(loaded, text, options) {
  const clauses = globalThis.kbgenSearchEngine.parseQuery(text, loaded.language, !!(options && options.typing));
  if (!clauses.length) return { mode: "empty", hits: [] };
  for (const mode of ["exact", "typo", "any"]) {
    const hits = runLunr(loaded, clauses, mode);
    if (hits.length) return { mode, hits };
  }
  return { mode: "none", hits: [] };
}

// The sharded search as the worker runs it, shards taken from `shards` (by number) as a query
// needs them, the best `want` hits ranked: {mode, hits, total, state} where state.loaded holds
// the shard numbers it took.
function searchSharded(meta, shards, text, options, state) {
  const fulltext = globalThis.kbgenFullText;
  state = state || fulltext.open(meta);
  const clauses = globalThis.kbgenSearchEngine.parseQuery(text, meta.language, !!(options && options.typing));
  if (!clauses.length) return { mode: "empty", hits: [], total: 0, state };
  for (const mode of ["exact", "typo", "any"]) {
    fulltext.shardsFor(state, clauses, mode).forEach((n) => fulltext.addShard(state, n, shards[n]));
    const found = fulltext.searchMode(state, clauses, mode, options && options.want);
    if (found.total) return { mode, hits: found.hits, total: found.total, state };
  }
  return { mode: "none", hits: [], total: 0, state };
}

module.exports = { toLunr, load, wrap, search, searchSharded };
