// Stems Snowball's vocabularies with the vendored Snowball 2.2.0 JavaScript stemmers, and runs
// words through the browser tokenizer, for tests/search/test_snowball_parity.py.
// usage: node snowball_stems.js ASSETS_DIR < {"vocabularies": [{"algorithm", "file", "stride"}],
//                                            "tokenize": [{"language", "words": [...]}]}
// prints {"stems": {algorithm: "stem\nstem\n..."}, "tokens": [[[terms of word]...] per tokenize job]}
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const assets = path.resolve(process.argv[2]);
globalThis.lunr = require(path.join(assets, "vendor/lunr/lunr.min.js"));
require("./snowball")(assets);
const tokenizer = require(path.join(assets, "search/tokenizer.js"));

function vocabulary(file, stride) {
  const data = fs.readFileSync(file);
  const text = (file.endsWith(".gz") ? zlib.gunzipSync(data) : data).toString("utf8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return stride > 1 ? lines.filter((_, i) => i % stride === 0) : lines;
}

let input = "";
process.stdin.setEncoding("utf8"); // a character split between two chunks stays whole
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const stems = {};
  for (const job of req.vocabularies || []) {
    const Stemmer = globalThis[job.algorithm.charAt(0).toUpperCase() + job.algorithm.slice(1) + "Stemmer"];
    const stemmer = new Stemmer();
    stems[job.algorithm] = vocabulary(job.file, job.stride).map((w) => stemmer.stemWord(w)).join("\n");
  }
  const tokens = (req.tokenize || []).map((job) => job.words.map((w) => tokenizer.tokenize(w, job.language)));
  process.stdout.write(JSON.stringify({ stems, tokens }));
});
