// Fails when the ESM entry, bundled and minified as an application's bundler would (its
// node: built-ins and the lazily loaded configureFromEnv body left out), exceeds 3 kB gzipped.
// size-limit's `import: "*"` mode adds a namespace-object wrapper of its own, so this measures
// the entry directly with the same tools (esbuild, zlib).
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const LIMIT_BYTES = 3000;
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
