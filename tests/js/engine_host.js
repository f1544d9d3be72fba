// What the Node scripts that query an index share: lunr.js, every vendored stemmer, the tokenizer,
// the engine and fulltext.js loaded from a theme's assets, and a JSON request read from stdin.
"use strict";
const path = require("path");

exports.loadEngine = function loadEngine(assets) {
  assets = path.resolve(assets);
  globalThis.lunr = require(path.join(assets, "vendor/lunr/lunr.min.js"));
  require("./snowball")(assets);
  require(path.join(assets, "search/tokenizer.js"));
  require(path.join(assets, "search/fulltext.js"));
  return require(path.join(assets, "search/engine.js"));
};

exports.readRequest = function readRequest(handle) {
  let input = "";
  process.stdin.setEncoding("utf8"); // a character split between two chunks stays whole
  process.stdin.on("data", (d) => (input += d));
  process.stdin.on("end", () => handle(JSON.parse(input)));
};
