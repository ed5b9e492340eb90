"use strict";
// The packed-install exercise of the destinations beyond the StatsD family (copied into the
// temporary app): `@metrics/prometheus`, `@metrics/opentelemetry` on the real OpenTelemetry SDK,
// `@metrics/sentry` on the real Sentry SDK against a loopback envelope endpoint, and
// `@metrics/runtime` into a MemoryBackend. The SDKs are the app's own, installed from the
// registry as a user would install the peer dependencies.
const assert = require("node:assert/strict");
const { eventually, httpIntake, sentryMetrics } = require("./peers.cjs");

module.exports = async function exerciseDestinations(format, m, onError) {
  const { configure, metrics, close } = m.core;

  // @metrics/prometheus: the registry's text, and the same through its own /metrics server
  const prometheus = new m.prometheus.PrometheusBackend({ onError });
  const bound = await prometheus.listen({ port: 0, host: "127.0.0.1" });
  configure({ backend: prometheus, prefix: "packed", onError });
  metrics.incr("hits", 3, { tags: { format } });
  metrics.timing("work", 0.25);
  const text = await prometheus.metrics();
  assert.match(text, new RegExp(`^packed_hits_total\\{format="${format}"\\} 3$`, "m"));
  const scraped = await fetch(bound.url);
  assert.equal(scraped.status, 200);
  assert.match(await scraped.text(), /^packed_work_seconds_count 1$/m);
  await close();
  console.log(`${format}: @metrics/prometheus ok (${bound.url})`);

  // @metrics/opentelemetry on a real sdk-metrics MeterProvider with an in-memory exporter
  const otel = m.otelSdk;
  const exporter = new otel.InMemoryMetricExporter(otel.AggregationTemporality.CUMULATIVE);
  const reader = new otel.PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const meterProvider = new otel.MeterProvider({ readers: [reader] });
  configure({ backend: new m.opentelemetry.OpenTelemetryBackend({ meterProvider, onError }) });
  metrics.incr("hits", 4, { tags: { format } });
  metrics.timing("work", 0.25);
  await close(); // the provider's forceFlush: the reader exports into the exporter
  const exported = exporter
    .getMetrics()
    .flatMap((resource) => resource.scopeMetrics)
    .flatMap((scope) => scope.metrics);
  const hits = exported.find((metric) => metric.descriptor.name === "packed.hits");
  assert.ok(hits, `packed.hits in ${exported.map((metric) => metric.descriptor.name)}`);
  assert.equal(hits.dataPoints[0].value, 4);
  assert.equal(hits.dataPoints[0].attributes.format, format);
  const work = exported.find((metric) => metric.descriptor.name === "packed.work");
  assert.equal(work?.dataPoints[0].value.count, 1);
  assert.equal(work.dataPoints[0].value.sum, 0.25);
  await meterProvider.shutdown();
  console.log(`${format}: @metrics/opentelemetry ok`);

  // @metrics/sentry through the installed @sentry/node, to a loopback envelope endpoint
  const endpoint = await httpIntake({ status: 200, body: "{}" });
  const dsn = `${endpoint.url.replace("http://", "http://publickey@")}/42`;
  m.sentrySdk.init({ dsn, defaultIntegrations: false, tracesSampleRate: 1 });
  configure({ backend: new m.sentry.SentryBackend({ onError }) }); // the SDK initialised above
  metrics.incr("hits", 5, { tags: { format } });
  await close(); // flushes the SDK: the envelope is on its way or there
  await eventually(
    () => endpoint.requests.some((request) => request.body.includes("trace_metric")),
    "a Sentry envelope with metrics",
  );
  for (const request of endpoint.requests) assert.match(request.path, /^\/api\/42\/envelope\//);
  const items = endpoint.requests.flatMap((request) => sentryMetrics(request.body));
  const hit = items.find((item) => item.name === "packed.hits");
  assert.ok(hit, `packed.hits in ${JSON.stringify(items)}`);
  assert.equal(hit.type, "counter");
  assert.equal(hit.value, 5);
  assert.equal(hit.attributes.format?.value, format);
  await m.sentrySdk.close(2_000);
  await endpoint.close();
  console.log(`${format}: @metrics/sentry ok`);

  // @metrics/runtime: heap readings, and a served request timed, into a MemoryBackend
  const memory = new m.testing.MemoryBackend();
  configure({ backend: memory, onError });
  const runtime = m.runtime.startRuntimeMetrics({ intervalMs: 20 });
  const http = m.runtime.instrumentHttp();
  const server = await httpIntake({ status: 200, body: "ok" });
  assert.equal((await fetch(`${server.url}/ping`)).status, 200);
  await eventually(() => memory.find("packed.nodejs.memory.heap.used").length > 0, "heap metrics");
  await eventually(
    () => memory.find("packed.http.server.request.duration").length > 0,
    "HTTP timing",
  );
  runtime.stop();
  http.stop();
  await server.close();
  const [heap] = memory.find("packed.nodejs.memory.heap.used");
  assert.equal(heap.type, "gauge");
  assert.equal(heap.unit, "byte");
  assert.ok(heap.value > 0, `heap used ${heap.value}`);
  assert.equal(memory.find("packed.http.server.request.duration")[0].type, "timing");
  await close();
  console.log(`${format}: @metrics/runtime ok`);
};
