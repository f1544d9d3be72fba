// Runs the shared tokenizer vectors against the browser tokenizer in Node.
// usage: node tokenizer_vectors.js ASSETS_DIR VECTORS_JSON  -> prints JSON list of mismatches
"use strict";
const path = require("path");
const fs = require("fs");
const [assets, vectorsFile] = process.argv.slice(2);
globalThis.lunr = require(path.resolve(assets, "vendor/lunr/lunr.min.js"));
require("./snowball")(assets);
const tokenizer = require(path.resolve(assets, "search/tokenizer.js"));
const vectors = JSON.parse(fs.readFileSync(vectorsFile, "utf8"));
const mismatches = [];
for (const v of vectors) {
  const got = tokenizer.tokenize(v.text, v.language);
  if (JSON.stringify(got) !== JSON.stringify(v.tokens)) mismatches.push({ text: v.text, expected: v.tokens, got });
}
process.stdout.write(JSON.stringify(mismatches));
