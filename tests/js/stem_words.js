// Stems each word of a JSON list with lunr.js's own stemmer: node stem_words.js ASSETS_DIR < words.json
"use strict";
const path = require("path");
const lunr = require(path.resolve(process.argv[2], "vendor/lunr/lunr.min.js"));
let input = "";
process.stdin.setEncoding("utf8"); // a character split between two chunks stays whole
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const words = JSON.parse(input);
  process.stdout.write(JSON.stringify(words.map((w) => lunr.stemmer(new lunr.Token(w, {})).toString())));
});
