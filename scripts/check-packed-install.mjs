#!/usr/bin/env node
// Proves that what we publish works outside the workspace: packs every published package with
// pnpm (which rewrites `workspace:` ranges into real ones), installs the tarballs with plain npm
// into an empty app in a temporary directory (third-party dependencies such as hot-shots come
// from the registry), then loads each package there through `import` and through `require` and
// sends a metric through it: to a MemoryBackend, to loopback UDP sinks for the StatsD and
// DogStatsD transports, and to a loopback HTTP intake for the Datadog transport.
//
// Needs the packages built (`npm test` builds them). Usage: node scripts/check-packed-install.mjs
// [--keep] (keeps the temporary directory for inspection).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packInto, publishedPackages } from "./lib/published-packages.mjs";
import { toolEnv } from "./lib/tool-env.mjs";

const keep = process.argv.includes("--keep");
const published = publishedPackages();

const expected = [
  "@metrics/aggregation",
  "@metrics/core",
  "@metrics/datadog",
  "@metrics/dogstatsd",
  "@metrics/statsd",
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

function fail(message) {
  console.error(`check-packed-install: ${message}`);
  process.exit(1);
}

function run(command, args, cwd) {
  // Environment variables that would reroute or reshape what the transports send are left out.
  // toolEnv(): npm compiles hot-shots' optional unix-dgram against this Node's own headers.
  const env = toolEnv(
    Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(DD_|METRICS_|DEBUG$)/.test(name)),
    ),
  );
  return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: "pipe" });
}

// The same checks run once with the packages loaded by `import` and once by `require`. The body
// is CommonJS so both entries can load it; only how the @metrics modules are loaded differs.
const EXERCISE = `"use strict";
const assert = require("node:assert/strict");
const dgram = require("node:dgram");
const http = require("node:http");
const zlib = require("node:zlib");

/** A UDP socket on a free loopback port that keeps every datagram it receives. */
async function udpSink() {
  const socket = dgram.createSocket("udp4");
  const received = [];
  socket.on("message", (message) => received.push(message.toString("utf8")));
  await new Promise((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: socket.address().port, received, close: () => socket.close() };
}

/** An HTTP intake on a free loopback port that accepts and keeps every request body. */
async function httpIntake() {
  const requests = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      let body = Buffer.concat(chunks);
      const encoding = request.headers["content-encoding"];
      if (encoding === "gzip") body = zlib.gunzipSync(body);
      if (encoding === "deflate") body = zlib.inflateSync(body);
      requests.push({ path: request.url, apiKey: request.headers["dd-api-key"], body: body.toString("utf8") });
      response.writeHead(202, { "content-type": "application/json" }).end('{"errors":[]}');
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: "http://127.0.0.1:" + server.address().port, requests, close: () => server.close() };
}

/** Waits until \`predicate()\` holds, for at most 5 s. */
async function eventually(predicate, what) {
  for (let waited = 0; waited < 5000; waited += 20) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail("timed out waiting for " + what);
}

module.exports = async function exercise(format, m) {
  const errors = [];
  const onError = (error) => errors.push(error);
  const { configure, metrics, close } = m.core;

  // @metrics/core and its subpaths testing, logging and composite
  const memory = new m.testing.MemoryBackend();
  configure({ backend: memory, prefix: "packed", onError });
  metrics.incr("calls", 2, { tags: { format } });
  assert.equal(metrics.time("work", () => 42), 42);
  assert.equal(memory.total("packed.calls", { format }), 2);
  const [timing] = memory.find("packed.work");
  assert.equal(timing.type, "timing");
  assert.equal(timing.tags.result, "success");
  assert.ok(m.core.getBackend() === memory, "getBackend() returns the configured backend");
  await close();
  const lines = [];
  const logging = new m.logging.LoggingBackend({ logger: (line) => lines.push(line) });
  // One copy of each class across the entries: a subpath must not bundle its own.
  assert.ok(logging instanceof m.core.RecordingBackend, "LoggingBackend extends core's class");
  configure({ backend: logging });
  metrics.timing("logged", 0.5);
  assert.deepEqual(lines, ["[metrics] timing packed.logged 500.000ms"]);
  await close();
  const copies = [new m.testing.MemoryBackend(), new m.testing.MemoryBackend()];
  configure({ backend: new m.composite.CompositeBackend(copies) });
  metrics.gauge("fanned.out", 7);
  await close();
  for (const copy of copies) assert.equal(copy.find("packed.fanned.out")[0]?.value, 7);
  console.log(format + ": @metrics/core, @metrics/core/{testing,logging,composite} ok");

  // @metrics/aggregation
  const aggregator = new m.aggregation.Aggregator();
  aggregator.counter("k", { a: "b" }, 3, 0.5);
  const window = aggregator.drain();
  assert.equal(window.counters.length, 1);
  assert.equal(window.counters[0].value, 6);
  console.log(format + ": @metrics/aggregation ok");

  // @metrics/statsd and @metrics/dogstatsd, each to its own loopback UDP sink
  for (const [name, Backend] of [
    ["@metrics/statsd", m.statsd.StatsdBackend],
    ["@metrics/dogstatsd", m.dogstatsd.DogStatsdBackend],
  ]) {
    const sink = await udpSink();
    configure({ backend: new Backend({ host: "127.0.0.1", port: sink.port, onError }) });
    metrics.incr("hits", 3, { tags: { format } });
    await close();
    await eventually(() => sink.received.some((d) => d.includes("packed.hits:3|c")), name + " datagram");
    const line = sink.received.join("\\n").split("\\n").find((l) => l.startsWith("packed.hits:"));
    assert.ok(line.includes("format:" + format), name + " sent the tag: " + line);
    sink.close();
    console.log(format + ": " + name + " ok (" + line + ")");
  }

  // @metrics/datadog, to a loopback HTTP intake
  const intake = await httpIntake();
  const apiKey = "0123456789abcdef0123456789abcdef";
  configure({ backend: new m.datadog.DatadogBackend({ apiKey, baseUrl: intake.url, onError }) });
  metrics.incr("hits", 4, { tags: { format } });
  await close();
  const series = intake.requests.find((r) => r.path === "/api/v2/series");
  assert.ok(series, "series request received: " + JSON.stringify(intake.requests.map((r) => r.path)));
  assert.equal(series.apiKey, apiKey);
  const point = JSON.parse(series.body).series.find((s) => s.metric === "packed.hits");
  assert.ok(point, "packed.hits in " + series.body);
  assert.equal(point.points[0].value, 4);
  intake.close();
  console.log(format + ": @metrics/datadog ok");

  assert.deepEqual(errors.map(String), [], "no errors reported");
};
`;

const ESM_ENTRY = `import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as core from "@metrics/core";
import * as testing from "@metrics/core/testing";
import * as composite from "@metrics/core/composite";
import * as logging from "@metrics/core/logging";
import * as aggregation from "@metrics/aggregation";
import * as statsd from "@metrics/statsd";
import * as dogstatsd from "@metrics/dogstatsd";
import * as datadog from "@metrics/datadog";
import exercise from "./exercise.cjs";

// Every export of every package loads, from its ES module build.
for (const entry of JSON.parse(readFileSync(new URL("./specifiers.json", import.meta.url), "utf8"))) {
  const resolved = import.meta.resolve(entry);
  if (!/\\/dist\\/[\\w-]+\\.js$/.test(resolved)) throw new Error(entry + " resolved to " + resolved + ", not an ES module build");
  if (Object.keys(await import(entry)).length === 0) throw new Error(entry + " exports nothing");
}
await exercise("esm", { core, testing, composite, logging, aggregation, statsd, dogstatsd, datadog });

// The CommonJS build loaded into the same process shares the backend with the ES module build.
const cjsCore = createRequire(import.meta.url)("@metrics/core");
if (cjsCore.configure === core.configure) throw new Error("expected two builds of @metrics/core");
const memory = new testing.MemoryBackend();
core.configure({ backend: memory, prefix: "" });
cjsCore.metrics.incr("from.cjs");
if (memory.total("from.cjs") !== 1) throw new Error("the CJS build did not reach the ESM build's backend");
await core.close();
console.log("esm: ES module and CommonJS builds of @metrics/core share one backend");
`;

const CJS_ENTRY = `"use strict";
// Every export of every package loads, from its CommonJS build.
for (const entry of require("./specifiers.json")) {
  const resolved = require.resolve(entry);
  if (!/[\\\\/]dist[\\\\/][\\w-]+\\.cjs$/.test(resolved)) throw new Error(entry + " resolved to " + resolved + ", not a CommonJS build");
  if (Object.keys(require(entry)).length === 0) throw new Error(entry + " exports nothing");
}
const exercise = require("./exercise.cjs");
exercise("cjs", {
  core: require("@metrics/core"),
  testing: require("@metrics/core/testing"),
  composite: require("@metrics/core/composite"),
  logging: require("@metrics/core/logging"),
  aggregation: require("@metrics/aggregation"),
  statsd: require("@metrics/statsd"),
  dogstatsd: require("@metrics/dogstatsd"),
  datadog: require("@metrics/datadog"),
}).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

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
    run("npm", ["install", "--no-audit", "--no-fund", ...files], app);

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
    console.log(`installed ${files.length} tarballs into an empty npm app`);

    await writeFile(join(app, "specifiers.json"), JSON.stringify(specifiers));
    await writeFile(join(app, "exercise.cjs"), EXERCISE);
    await writeFile(join(app, "check.mjs"), ESM_ENTRY);
    await writeFile(join(app, "check.cjs"), CJS_ENTRY);
    for (const entry of ["check.mjs", "check.cjs"]) {
      process.stdout.write(run(process.execPath, [entry], app));
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
