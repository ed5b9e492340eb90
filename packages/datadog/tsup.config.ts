import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.package.js";

export default defineConfig({
  ...packageBuild,
  // The intake worker is its own entry: the backend starts it from `dist/` by file name.
  entry: { index: "src/index.ts", "intake-worker": "src/client/intake-worker.ts" },
  dts: { entry: "src/index.ts" },
  // `import.meta.url` in the CommonJS build (used to find the worker script).
  shims: true,
});
