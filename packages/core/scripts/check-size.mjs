// Fails when the ESM entry, bundled and minified as an application's bundler would (its
// node: built-ins and the lazily loaded configureFromEnv body left out), exceeds LIMIT_BYTES gzipped.
// size-limit's `import: "*"` mode adds a namespace-object wrapper of its own, so this measures
// the entry directly with the same tools (esbuild, zlib).
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

// 3100: the default onError limits each problem (code and key) on its own, ~40 B more than one
// global limit (issue 12).
const LIMIT_BYTES = 3100;
const result = await build({
  entryPoints: ["dist/index.js"],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  external: ["./configure-from-env.js"],
  write: false,
});
const minified = result.outputFiles[0].contents;
const gzipped = gzipSync(minified, { level: 9 }).length;
const verdict = gzipped <= LIMIT_BYTES ? "ok" : "TOO LARGE";
console.log(
  `@metrics/core ESM entry: ${minified.length} B minified, ${gzipped} B min+gzip (limit ${LIMIT_BYTES} B): ${verdict}`,
);
if (gzipped > LIMIT_BYTES) process.exit(1);
