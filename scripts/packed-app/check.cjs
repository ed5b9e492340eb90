"use strict";
// The `require` entry of the packed-install exercise (copied into the temporary app): every
// package loaded from its CommonJS build.
const assert = require("node:assert/strict");

// Every export of every package loads, from its CommonJS build.
for (const entry of require("./specifiers.json")) {
  const resolved = require.resolve(entry);
  if (!/[\\/]dist[\\/][\w-]+\.cjs$/.test(resolved)) {
    throw new Error(`${entry} resolved to ${resolved}, not a CommonJS build`);
  }
  if (Object.keys(require(entry)).length === 0) throw new Error(`${entry} exports nothing`);
}
const m = {
  core: require("@metrics/core"),
  testing: require("@metrics/core/testing"),
  composite: require("@metrics/core/composite"),
  logging: require("@metrics/core/logging"),
  layers: require("@metrics/core/layers"),
  aggregation: require("@metrics/aggregation"),
  transport: require("@metrics/transport"),
  statsd: require("@metrics/statsd"),
  statsdWire: require("@metrics/statsd/wire"),
  dogstatsd: require("@metrics/dogstatsd"),
  datadog: require("@metrics/datadog"),
  opentelemetry: require("@metrics/opentelemetry"),
  prometheus: require("@metrics/prometheus"),
  sentry: require("@metrics/sentry"),
  runtime: require("@metrics/runtime"),
  otelSdk: require("@opentelemetry/sdk-metrics"),
  sentrySdk: require("@sentry/node"),
};
const errors = [];
const onError = (error) => errors.push(error);

async function main() {
  await require("./exercise.cjs")("cjs", m, onError);
  await require("./exercise-destinations.cjs")("cjs", m, onError);
  assert.deepEqual(errors.map(String), [], "no errors reported");
}
main().catch((error) => {
  console.error(error);
  process.exit(1); // now: a peer the failed step left open must not keep the process waiting
});
