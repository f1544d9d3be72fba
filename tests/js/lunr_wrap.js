// An index lunr.js built itself (the interop tests' reference), with what engine.js reads beside
// lunr's index, counted from lunr's own structures. Test-only: not shipped to browsers.
"use strict";

exports.wrap = function wrap(index, language) {
  var fields = index.fields;
  var size = 0;
  var fieldDf = fields.map(function () { return []; });
  var lists = fields.map(function () { return []; });
  Object.keys(index.invertedIndex).forEach(function (term) {
    var posting = index.invertedIndex[term];
    size = Math.max(size, posting._index + 1);
    fields.forEach(function (field, f) {
      var refs = Object.keys(posting[field] || {});
      fieldDf[f][posting._index] = refs.length;
      lists[f][posting._index] = refs.map(Number);
    });
  });
  var byField = fields.map(function () { return []; });
  var refs = new Set();
  Object.keys(index.fieldVectors).forEach(function (key) {
    var ref = key.slice(key.indexOf("/") + 1);
    refs.add(ref);
    byField[fields.indexOf(key.slice(0, key.indexOf("/")))][ref] = index.fieldVectors[key].elements;
  });
  return {
    index: index, language: language, fields: fields, boosts: fields.map(function () { return 1; }),
    fieldDf: fieldDf, byField: byField, lists: lists, entries: refs.size, cutoff: globalThis.kbgenSearchEngine.MIN_CUTOFF,
  };
};
