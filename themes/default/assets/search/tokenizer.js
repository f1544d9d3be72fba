/* kbgen tokenizer: the browser half of the contract in docs/search.md. It must split and stem
 * exactly like kbgen/search/tokenizer.py and kbgen/search/stemming.py; tests/fixtures/tokenizer_vectors.json
 * and tests/search/test_snowball_parity.py check both. Needs lunr (for lunr.stemmer) loaded first and,
 * for a Snowball language, the scripts stemming.stemmer_assets names (in config.scripts): Snowball's
 * base-stemmer.js, the language's stemmer and stopwords.js. Works in a Worker, a page and Node. */
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

  // BCP 47 primary subtag -> Snowball 2.2.0 algorithm; the same table as kbgen/search/stemming.py.
  var LANGUAGES = {
    ar: "arabic", hy: "armenian", eu: "basque", ca: "catalan", da: "danish", nl: "dutch", fi: "finnish",
    fr: "french", de: "german", el: "greek", hi: "hindi", hu: "hungarian", id: "indonesian", ga: "irish",
    it: "italian", lt: "lithuanian", ne: "nepali", nb: "norwegian", nn: "norwegian", no: "norwegian",
    pt: "portuguese", ro: "romanian", ru: "russian", sr: "serbian", es: "spanish", sv: "swedish", ta: "tamil",
    tr: "turkish", yi: "yiddish",
  };
  var STOP_LISTS = {
    danish: "da", german: "de", spanish: "es", finnish: "fi", french: "fr", hungarian: "hu", indonesian: "id",
    italian: "it", dutch: "nl", norwegian: "no", portuguese: "pt", romanian: "ro", russian: "ru", swedish: "sv",
  };
  // Arabic normalization (see stemming.py): marks and tatweel, alef/hamza forms, alef maksura, teh
  // marbuta, the definite article, the sound feminine plural.
  var AR_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640]/g;
  var AR_LETTERS = { "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
                     "\u0624": "\u0648", "\u0626": "\u064a", "\u0649": "\u064a", "\u0629": "\u0647" };
  var AR_LETTER = /[\u0623\u0625\u0622\u0671\u0624\u0626\u0649\u0629]/g;
  var AR_ARTICLE = /^(?:\u0648\u0627\u0644|\u0641\u0627\u0644|\u0628\u0627\u0644|\u0643\u0627\u0644|\u0627\u0644|\u0644\u0644)(?=...)/u;
  var AR_PLURAL = /^(.{3,})\u0627\u062a$/u;
  var RO_LETTER = /[\u0219\u021b]/g;
  var RO_LETTERS = { "\u0219": "\u015f", "\u021b": "\u0163" };
  var OUTSIDE_BMP = /[\u{10000}-\u{10FFFF}]/u;
  var snowballs = {}; // algorithm -> { stemmer, stop: Set, terms: Map }
  var current = "en"; // the language isStemmed was last asked about: stem(word) and STOP_WORDS follow it

  function isEnglish(language) {
    return String(language || "").split("-")[0].toLowerCase() === "en";
  }

  function algorithm(language) {
    var code = String(language || "").split("-")[0].toLowerCase();
    return Object.prototype.hasOwnProperty.call(LANGUAGES, code) ? LANGUAGES[code] : null;
  }

  // Whether the language drops stop words and stems. engine.js asks this before it calls stem(word)
  // and STOP_WORDS.has(word) without a language, so those then serve this language.
  function isStemmed(language) {
    current = language;
    return isEnglish(language) || algorithm(language) !== null;
  }

  function normalize(word, name) {
    if (name === "arabic") {
      word = word.replace(AR_MARKS, "").replace(AR_LETTER, function (c) { return AR_LETTERS[c]; });
      word = word.replace(AR_ARTICLE, "").replace(AR_PLURAL, "$1\u0647");
    } else if (name === "romanian") {
      word = word.replace(RO_LETTER, function (c) { return RO_LETTERS[c]; });
    } else if (name === "turkish") {
      word = word.split("i\u0307").join("i");
    }
    return word;
  }

  function snowball(name) {
    var loaded = snowballs[name];
    if (loaded) return loaded;
    var Stemmer = root[name.charAt(0).toUpperCase() + name.slice(1) + "Stemmer"];
    if (typeof Stemmer !== "function" || typeof root.BaseStemmer !== "function" || !root.kbgenStopWords) {
      throw new Error("kbgen search: load vendor/snowball/base-stemmer.js, vendor/snowball/" + name +
                      "-stemmer.js and vendor/snowball/stopwords.js before tokenizer.js");
    }
    var stop = new Set();
    (root.kbgenStopWords[STOP_LISTS[name]] || []).forEach(function (w) { stop.add(normalize(w, name)); });
    loaded = snowballs[name] = { stemmer: new Stemmer(), stop: stop, terms: new Map() };
    return loaded;
  }

  // A word's term for a Snowball algorithm; "" when it is dropped (a stop word, or nothing left).
  function snowballTerm(word, name) {
    if (CJK.test(word)) return word;
    var s = snowball(name);
    var cached = s.terms.get(word);
    if (cached !== undefined) return cached;
    var normal = normalize(word, name);
    if (!normal || s.stop.has(normal)) cached = "";
    else if (OUTSIDE_BMP.test(normal)) cached = normal;
    else cached = s.stemmer.stemWord(normal);
    s.terms.set(word, cached);
    return cached;
  }

  function isStopWord(word, language) {
    if (language === undefined) language = current;
    if (isEnglish(language)) return STOP_WORDS.has(word);
    var name = algorithm(language);
    return name !== null && snowballTerm(word, name) === "" && !CJK.test(word);
  }

  // What the STOP_WORDS property answers: lunr's Set for English, otherwise an object whose has()
  // applies the language's normalization first.
  function stopWords(language) {
    if (isEnglish(language)) return STOP_WORDS;
    return { has: function (word) { return isStopWord(word, language); } };
  }

  // Each character, then the bigram it starts (code points, not UTF-16 units: a Chinese character
  // outside the BMP is one character), so a one-character query finds every word holding it.
  function bigrams(part, out) {
    var chars = Array.from(part);
    if (chars.length === 1) { out.push(part); return; }
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i], chars[i] + chars[i + 1]);
    out.push(chars[chars.length - 1]);
  }

  // French and Italian elide: l'application is "l" (a stop word) + "application".
  var ELIDING = { fr: true, it: true };

  function words(text, language) {
    var apostrophe = ELIDING[String(language || "").split("-")[0].toLowerCase()] === true ? " " : "";
    var normal = String(text).normalize("NFKC").toLowerCase().replace(APOSTROPHES, apostrophe);
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

  // A word's stem in `language` (by default the one isStemmed was last asked about): lunr's Porter
  // stem for English, the normalized Snowball stem for a Snowball language, the word otherwise.
  function stem(word, language) {
    if (language === undefined) language = current;
    if (!isEnglish(language)) {
      var name = algorithm(language);
      return name === null ? word : snowballTerm(word, name) || normalize(word, name) || word;
    }
    if (CJK.test(word)) return word;
    var cached = stems.get(word);
    if (cached === undefined) {
      cached = root.lunr.stemmer(new root.lunr.Token(word, {})).toString();
      stems.set(word, cached);
    }
    return cached;
  }

  function tokenize(text, language) {
    var list = words(text, language);
    var out = [];
    var i;
    if (isEnglish(language)) {
      for (i = 0; i < list.length; i++) {
        if (!STOP_WORDS.has(list[i])) out.push(stem(list[i], "en"));
      }
      return out;
    }
    var name = algorithm(language);
    if (name === null) return list;
    for (i = 0; i < list.length; i++) {
      var term = snowballTerm(list[i], name);
      if (term) out.push(term);
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
                 words: words(match[0], language) });
    }
    return out;
  }

  // Whether a word is Chinese, Japanese or Korean (any of the CJK ranges above: the one list of them in the browser).
  function isCJK(word) { return CJK.test(word); }

  var api = { tokenize: tokenize, words: words, spans: spans, stem: stem, isStemmed: isStemmed, isStopWord: isStopWord,
              isCJK: isCJK,
              stopWords: stopWords, algorithm: algorithm, normalize: normalize, LANGUAGES: LANGUAGES };
  // engine.js reads STOP_WORDS.has(word) right after isStemmed(language): it answers for that language.
  Object.defineProperty(api, "STOP_WORDS", { enumerable: true, get: function () { return stopWords(current); } });
  root.kbgenTokenizer = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
