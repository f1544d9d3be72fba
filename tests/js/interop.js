// Compares kbgen's Python-built compact index (rebuilt into lunr by lunr_reference.js) with an index lunr.js
// builds natively over the same entries, and optionally with a lunr.py-serialized reference.
// usage: node interop.js ASSETS_DIR < {language, fields:[[name,boost]], entries:[{ref, <field>: text}], compact, lunrpy, queries}
// prints {native: [[refs]...], compact: [[refs]...], lunrpy: [[refs]...] | null, loadMs}
"use strict";
const path = require("path");
const assets = path.resolve(process.argv[2]);
globalThis.lunr = require(path.join(assets, "vendor/lunr/lunr.min.js"));
require("./snowball")(assets);
const tokenizer = require(path.join(assets, "search/tokenizer.js"));
require(path.join(assets, "search/engine.js"));
const { load, wrap, search } = require("./lunr_reference");
let input = "";
process.stdin.setEncoding("utf8"); // a character split between two chunks stays whole
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const builder = new lunr.Builder();
  builder.pipeline.reset();
  builder.searchPipeline.reset();
  builder.tokenizer = (text) => (text == null ? [] : tokenizer.tokenize(String(text), req.language).map((t) => new lunr.Token(t, {})));
  builder.ref("ref");
  req.fields.forEach(([name, boost]) => builder.field(name, { boost }));
  req.entries.forEach((e) => builder.add(e));
  const native = wrap(builder.build(), req.language);
  const started = Date.now();
  const compact = load(req.compact);
  const loadMs = Date.now() - started;
  const reference = req.lunrpy ? wrap(lunr.Index.load(req.lunrpy), req.language) : null;
  const top = (loaded) => req.queries.map((q) => search(loaded, q).hits.slice(0, req.scores ? 12 : 10).map((h) => req.scores ? [h.ref, h.score] : h.ref));
  process.stdout.write(JSON.stringify({ native: top(native), compact: top(compact), lunrpy: reference ? top(reference) : null, loadMs }));
});
