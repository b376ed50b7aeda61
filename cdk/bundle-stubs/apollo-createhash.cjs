// Replaces @apollo/utils.createhash in the Lambda bundle. The original picks Node's crypto through
// `module.require`, which a bundle's module wrapper does not have, so bundled it falls back to sha.js: a
// pure-JavaScript SHA-256 (with five helper packages, ~35 KB) that Apollo runs on every request's query
// text. This is the original's Node.js branch, always taken.
const { createHash } = require('node:crypto');
exports.createHash = function (kind) {
  return createHash(kind);
};
