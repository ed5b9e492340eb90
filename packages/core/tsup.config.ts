import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Options } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

/** Sources built as entries of their own, and the file each becomes in dist/. */
const ENTRIES: Record<string, string> = {
  [resolve("src/index.ts")]: "index",
  [resolve("src/testing.ts")]: "testing",
  [resolve("src/composite.ts")]: "composite",
  [resolve("src/logging.ts")]: "logging",
  [resolve("src/layers.ts")]: "layers",
  [resolve("src/env/configure-from-env.ts")]: "configure-from-env",
};

/**
 * Keeps every import of another entry external, so each module exists once at run time:
 * `@metrics/core/testing` and the lazily loaded `configureFromEnv` body share the main entry's
 * classes, and the main entry does not bundle what it loads on demand. (tsup's code splitting
 * would share chunks too, but for CommonJS it rewrites `import()` into `require()`, which cannot
 * load the ES modules `configureFromEnv` must accept.)
 */
function entriesAsExternal(extension: string): NonNullable<Options["esbuildPlugins"]>[number] {
  return {
    name: "entries-as-external",
    setup(build) {
      build.onResolve({ filter: /\.js$/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        const output = ENTRIES[resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"))];
        return output === undefined
          ? undefined
          : { path: `./${output}${extension}`, external: true };
      });
    },
  };
}

const shared: Options = {
  entry: Object.fromEntries(Object.entries(ENTRIES).map(([source, output]) => [output, source])),
  // Declarations of the public entries in one pass, sharing one chunk of types.
  dts: {
    entry: {
      index: "src/index.ts",
      testing: "src/testing.ts",
      composite: "src/composite.ts",
      logging: "src/logging.ts",
      layers: "src/layers.ts",
    },
  },
  sourcemap: true,
  target: "node20",
  define: { __CORE_VERSION__: JSON.stringify(version) },
};

export default defineConfig([
  {
    ...shared,
    format: ["esm"],
    esbuildPlugins: [entriesAsExternal(".js")],
  },
  { ...shared, format: ["cjs"], esbuildPlugins: [entriesAsExternal(".cjs")] },
]);
