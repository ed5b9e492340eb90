import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Options } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const mainEntry = resolve("src/index.ts");

/**
 * `@metrics/core/testing` loads the main entry at run time instead of bundling a copy of it, so
 * `MetricsError` and the backend classes are the same objects through either entry. (tsup's
 * code splitting would do it too, but for CommonJS it rewrites `import()` into `require()`,
 * which breaks `configureFromEnv` loading ES modules.)
 */
function mainEntryAsExternal(extension: string): NonNullable<Options["esbuildPlugins"]>[number] {
  return {
    name: "main-entry-as-external",
    setup(build) {
      build.onResolve({ filter: /index\.js$/ }, (args) => {
        if (
          args.kind === "entry-point" ||
          resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts")) !== mainEntry
        ) {
          return undefined;
        }
        return { path: `./index${extension}`, external: true };
      });
    },
  };
}

const shared: Options = {
  format: [],
  sourcemap: true,
  target: "node20",
  define: { __CORE_VERSION__: JSON.stringify(version) },
};

export default defineConfig([
  {
    ...shared,
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    // Declarations of both entries in one pass, sharing one chunk of types.
    dts: { entry: ["src/index.ts", "src/testing.ts"] },
  },
  {
    ...shared,
    entry: ["src/testing.ts"],
    format: ["esm"],
    esbuildPlugins: [mainEntryAsExternal(".js")],
  },
  {
    ...shared,
    entry: ["src/testing.ts"],
    format: ["cjs"],
    esbuildPlugins: [mainEntryAsExternal(".cjs")],
  },
]);
