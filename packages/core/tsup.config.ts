import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/testing.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // Both builds must share the global slot, so nothing may be split into a shared chunk that
  // one format would load twice.
  splitting: false,
});
