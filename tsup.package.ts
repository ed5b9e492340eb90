import type { Options } from "tsup";

/**
 * How every published transport package builds: ESM and CommonJS for Node 20, with type
 * declarations for both. A package's tsup.config.ts spreads it and adds only what differs.
 */
export const packageBuild: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
};
