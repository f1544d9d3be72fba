/* kbgen tokenizer: the browser half of the contract in docs/search.md. It must split and stem
 * exactly like kbgen/search/tokenizer.py; tests/fixtures/tokenizer_vectors.json checks both.
 * Needs lunr (for lunr.stemmer) loaded first; works in a Worker, a page and Node. */
(function (root) {
  "use strict";

  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var SPAN = /[\p{L}\p{M}\p{N}'\u2019\u02bc]+/gu;
  var CJK_CLASS = "\\u{1100}-\\u{11FF}\\u{2E80}-\\u{2FDF}\\u{3005}\\u{3007}\\u{3021}-\\u{3029}\\u{3038}-\\u{303B}" +
    "\\u{3040}-\\u{309F}\\u{30A0}-\\u{30FF}\\u{3130}-\\u{318F}\\u{31F0}-\\u{31FF}\\u{3400}-\\u{4DBF}\\u{4E00}-\\u{9FFF}" +
    "\\u{A960}-\\u{A97F}\\u{AC00}-\\u{D7AF}\\u{D7B0}-\\u{D7FF}\\u{F900}-\\u{FAFF}\\u{20000}-\\u{3FFFF}";
  var CJK = new RegExp("([" + CJK_CLASS + "]+)", "u");
  var APOSTROPHES = /['\u2019\u02bc]/g;
  var STOP_WORDS = new Set(("a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has have he her hers him his " +
    "how however i if in into is it its just least let like likely may me might most must my neither no nor not of off " +
    "often on only or other our own rather said say says she should since so some than that the their them then there " +
    "these they this tis to too twas us wants was we were what when where which while who whom why will with would yet " +
    "you your").split(" "));
  var stems = new Map();

  function isStemmed(language) {
    return String(language || "").split("-")[0].toLowerCase() === "en";
  }

  // Code points, not UTF-16 units: a Chinese character outside the BMP is one character.
  function bigrams(part, out) {
    var chars = Array.from(part);
    if (chars.length === 1) { out.push(part); return; }
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }

  function words(text) {
    var normal = String(text).normalize("NFKC").toLowerCase().replace(APOSTROPHES, "");
    var out = [];
    var runs = normal.match(WORD) || [];
    for (var r = 0; r < runs.length; r++) {
      var run = runs[r];
      if (!CJK.test(run)) { out.push(run); continue; }
      var parts = run.split(CJK);
      for (var p = 0; p < parts.length; p++) {
        if (!parts[p]) continue;
        if (p % 2 === 0) out.push(parts[p]); else bigrams(parts[p], out);
      }
    }
    return out;
  }

  function stem(word) {
    if (CJK.test(word)) return word;
    var cached = stems.get(word);
    if (cached === undefined) {
      cached = root.lunr.stemmer(new root.lunr.Token(word, {})).toString();
      stems.set(word, cached);
    }
    return cached;
  }

  function tokenize(text, language) {
    var list = words(text);
    if (!isStemmed(language)) return list;
    var out = [];
    for (var i = 0; i < list.length; i++) {
      if (!STOP_WORDS.has(list[i])) out.push(stem(list[i]));
    }
    return out;
  }

  // Word spans of the original text with their terms, for highlighting matches.
  function spans(text, language) {
    var out = [];
    var match;
    SPAN.lastIndex = 0;
    while ((match = SPAN.exec(text)) !== null) {
      out.push({ start: match.index, end: match.index + match[0].length, terms: tokenize(match[0], language),
                 words: words(match[0]) });
    }
    return out;
  }

  var api = { tokenize: tokenize, words: words, spans: spans, stem: stem, isStemmed: isStemmed, STOP_WORDS: STOP_WORDS };
  root.kbgenTokenizer = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
