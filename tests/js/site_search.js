// Loads a built site's own search code (lunr.js, stemmers, tokenizer, engine) in Node, as its pages do:
// the file names come from the search configuration written into index.html.
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = function siteSearch(siteDir) {
  const site = path.resolve(siteDir);
  const html = fs.readFileSync(path.join(site, "index.html"), "utf8");
  const config = JSON.parse(html.match(/<script type="application\/json" id="kb-search-config">([^<]*)<\/script>/)[1]);
  const file = (url) => path.join(site, decodeURIComponent(url.slice(config.basePath.length - 1)));
  const lunr = require(file(config.lunr));
  globalThis.lunr = lunr;
  (config.stemmers || []).forEach((url) => require(file(url)));
  require(file(config.tokenizer));
  const engine = require(file(config.engine));
  const json = (role) => JSON.parse(fs.readFileSync(file(config[role]), "utf8"));
  return { config, file, lunr, engine, json };
};
