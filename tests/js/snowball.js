// Loads the vendored Snowball 2.2.0 stemmers (every language) and stopwords.js into Node, as
// config.scripts loads one language's in the browser: plain scripts that define globals.
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = function loadSnowball(assets) {
  const folder = path.join(path.resolve(assets), "vendor/snowball");
  require(path.join(folder, "base-stemmer.js"));
  for (const name of fs.readdirSync(folder).filter((f) => f.endsWith("-stemmer.js") && f !== "base-stemmer.js").sort()) {
    require(path.join(folder, name));
  }
  require(path.join(folder, "stopwords.js"));
};
