#!/usr/bin/env node
// Proves that what we publish works outside the workspace: packs every published package with
// pnpm (which rewrites `workspace:` ranges into real ones), installs the tarballs with plain npm
// into an empty app in a temporary directory (third-party dependencies such as hot-shots come
// from the registry, and so do the peer SDKs a user installs: @opentelemetry/api and
// sdk-metrics, @sentry/node), then loads each package there through `import` and through
// `require` (scripts/packed-app/check.mjs and check.cjs) and sends a metric through it: to a
// MemoryBackend, to loopback UDP sinks for the StatsD and DogStatsD transports, to a loopback
// HTTP intake for the Datadog transport, to prom-client's text and /metrics server, to a real
// OpenTelemetry MeterProvider, to the real Sentry SDK and a loopback envelope endpoint, and the
// runtime metrics into a MemoryBackend.
//
// Needs the packages built (`npm test` builds them). Usage: node scripts/check-packed-install.mjs
// [--keep] (keeps the temporary directory for inspection).
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packInto, publishedPackages } from "./lib/published-packages.mjs";
import { toolEnv } from "./lib/tool-env.mjs";

const keep = process.argv.includes("--keep");
const published = publishedPackages();

const expected = [
  "@metrics/aggregation",
  "@metrics/core",
  "@metrics/datadog",
  "@metrics/dogstatsd",
  "@metrics/opentelemetry",
  "@metrics/prometheus",
  "@metrics/runtime",
  "@metrics/sentry",
  "@metrics/statsd",
  "@metrics/transport",
];
const names = published.map(({ manifest }) => manifest.name).sort();
if (JSON.stringify(names) !== JSON.stringify(expected)) {
  fail(`published packages are ${names.join(", ")}; this check exercises ${expected.join(", ")}`);
}
for (const { dir, manifest } of published) {
  if (!existsSync(join(dir, "dist"))) fail(`${manifest.name} is not built: run npm test first`);
}

/** Every import specifier the packages export: `@metrics/core`, `@metrics/core/testing`, ... */
const specifiers = published.flatMap(({ manifest }) =>
  Object.keys(manifest.exports)
    .filter((subpath) => subpath !== "./package.json")
    .map((subpath) => manifest.name + subpath.slice(1)),
);

/** The app's files: the two entries, the exercises they share, the loopback peers. */
const appDir = fileURLToPath(new URL("./packed-app/", import.meta.url));
const appFiles = readdirSync(appDir);

/**
 * The registry packages the app installs beside the tarballs, at the versions our own tests
 * run against (each package's dev dependency): every non-@metrics peer dependency, and the
 * OpenTelemetry SDK the exercise builds a MeterProvider from.
 */
const registryPackages = (() => {
  const wanted = new Map();
  for (const { manifest } of published) {
    const dev = manifest.devDependencies ?? {};
    const names = Object.keys(manifest.peerDependencies ?? {}).filter(
      (n) => !n.startsWith("@metrics/"),
    );
    if (manifest.name === "@metrics/opentelemetry") names.push("@opentelemetry/sdk-metrics");
    for (const name of names) {
      if (dev[name] === undefined) fail(`${manifest.name}: no dev dependency pins ${name}`);
      wanted.set(name, `${name}@${dev[name]}`);
    }
  }
  return [...wanted.values()].sort();
})();

function fail(message) {
  console.error(`check-packed-install: ${message}`);
  process.exit(1);
}

function run(command, args, cwd, timeout = 600_000) {
  // Environment variables that would reroute or reshape what the transports send are left out.
  // toolEnv(): npm compiles hot-shots' optional unix-dgram against this Node's own headers.
  const env = toolEnv(
    Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(DD_|METRICS_|DEBUG$)/.test(name)),
    ),
  );
  // A bound, so a step that hangs fails the check instead of the machine's patience.
  return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: "pipe", timeout });
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "metrics-packed-"));
  const tarballs = join(work, "tarballs");
  const app = join(work, "app");
  mkdirSync(tarballs);
  mkdirSync(app);

  try {
    for (const { dir, manifest } of published) {
      packInto(dir, tarballs);
      console.log(`packed ${manifest.name}@${manifest.version}`);
    }
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));

    run("npm", ["init", "-y"], app);
    run("npm", ["install", "--no-audit", "--no-fund", ...files, ...registryPackages], app);

    // Every @metrics package must come from a tarball, never from the registry.
    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8"));
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path.includes("node_modules/@metrics/") && !entry.resolved?.startsWith("file:")) {
        fail(`${path} was installed from ${entry.resolved}, not from a packed tarball`);
      }
    }
    const nested = Object.keys(lock.packages).filter((path) =>
      /node_modules\/.+\/node_modules\/@metrics\//.test(path),
    );
    if (nested.length > 0) fail(`nested copies of @metrics packages: ${nested.join(", ")}`);
    for (const { manifest } of published) {
      const packed = readFileSync(join(app, "node_modules", manifest.name, "package.json"), "utf8");
      if (packed.includes("workspace:"))
        fail(`${manifest.name} was packed with a workspace: range`);
    }
    console.log(
      `installed ${files.length} tarballs and ${registryPackages.join(", ")} into an empty npm app`,
    );

    await writeFile(join(app, "specifiers.json"), JSON.stringify(specifiers));
    for (const file of appFiles) copyFileSync(join(appDir, file), join(app, file));
    for (const entry of ["check.mjs", "check.cjs"]) {
      process.stdout.write(run(process.execPath, [entry], app, 120_000));
    }
    console.log("check-packed-install: every package loads and works through import and require");
  } catch (error) {
    const output = [error.stdout, error.stderr].filter(Boolean).join("\n");
    fail(`${error.message}${output ? `\n${output}` : ""}`);
  } finally {
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

await main();
