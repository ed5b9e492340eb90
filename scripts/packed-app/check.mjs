// The `import` entry of the packed-install exercise (copied into the temporary app): every
// package loaded from its ES module build.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as aggregation from "@metrics/aggregation";
import * as core from "@metrics/core";
import * as composite from "@metrics/core/composite";
import * as layers from "@metrics/core/layers";
import * as logging from "@metrics/core/logging";
import * as testing from "@metrics/core/testing";
import * as datadog from "@metrics/datadog";
import * as dogstatsd from "@metrics/dogstatsd";
import * as opentelemetry from "@metrics/opentelemetry";
import * as prometheus from "@metrics/prometheus";
import * as runtime from "@metrics/runtime";
import * as sentry from "@metrics/sentry";
import * as statsd from "@metrics/statsd";
import * as statsdWire from "@metrics/statsd/wire";
import * as transport from "@metrics/transport";
import * as otelSdk from "@opentelemetry/sdk-metrics";
import * as sentrySdk from "@sentry/node";
import exercise from "./exercise.cjs";
import exerciseDestinations from "./exercise-destinations.cjs";

// Every export of every package loads, from its ES module build.
for (const entry of JSON.parse(
  readFileSync(new URL("./specifiers.json", import.meta.url), "utf8"),
)) {
  const resolved = import.meta.resolve(entry);
  if (!/\/dist\/[\w-]+\.js$/.test(resolved)) {
    throw new Error(`${entry} resolved to ${resolved}, not an ES module build`);
  }
  if (Object.keys(await import(entry)).length === 0) throw new Error(`${entry} exports nothing`);
}
const errors = [];
const onError = (error) => errors.push(error);
const m = {
  ...{ core, testing, composite, logging, layers, aggregation, transport },
  ...{ statsd, statsdWire, dogstatsd, datadog, opentelemetry, prometheus, sentry, runtime },
  ...{ otelSdk, sentrySdk },
};
await exercise("esm", m, onError);
await exerciseDestinations("esm", m, onError);
assert.deepEqual(errors.map(String), [], "no errors reported");

// The CommonJS build loaded into the same process shares the backend with the ES module build.
const cjsCore = createRequire(import.meta.url)("@metrics/core");
if (cjsCore.configure === core.configure) throw new Error("expected two builds of @metrics/core");
const memory = new testing.MemoryBackend();
core.configure({ backend: memory, prefix: "" });
cjsCore.metrics.incr("from.cjs");
if (memory.total("from.cjs") !== 1)
  throw new Error("the CJS build did not reach the ESM build's backend");
await core.close();
console.log("esm: ES module and CommonJS builds of @metrics/core share one backend");
