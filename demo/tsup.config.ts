import { defineConfig } from "tsup";

// Compiled rather than run through a TypeScript loader: a loader hook sits on every module the
// process loads, which triples the time the Datadog API client takes to load.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
  // @metrics/test-peers exports its TypeScript source (it is never built): bundle it, so the
  // built demo runs on plain node. Its own dependencies (statsd, ajv) stay external
  // and are the demo's dependencies too.
  noExternal: ["@metrics/test-peers"],
});
