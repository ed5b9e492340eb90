import { defineConfig } from "tsup";

export default defineConfig({
  // The intake worker is its own entry: the backend starts it from `dist/` by file name.
  entry: { index: "src/index.ts", "intake-worker": "src/client/intake-worker.ts" },
  format: ["esm", "cjs"],
  dts: { entry: "src/index.ts" },
  clean: true,
  sourcemap: true,
  target: "node20",
  // `import.meta.url` in the CommonJS build (used to find the worker script).
  shims: true,
});
