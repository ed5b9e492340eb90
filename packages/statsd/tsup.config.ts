import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.package.js";

// Two entries share the wire stack: code splitting puts it in one chunk for both formats, so
// `require("@metrics/statsd")` and `require("@metrics/statsd/wire")` share one WireBackend class
// (tsup splits only ES modules unless asked).
export default defineConfig({
  ...packageBuild,
  entry: ["src/index.ts", "src/wire.ts"],
  splitting: true,
});
