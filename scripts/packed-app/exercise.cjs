"use strict";
// The packed-install exercise of the StatsD-family packages and what they share (copied into the
// temporary app): `@metrics/core` and its subpaths, `@metrics/aggregation`, `@metrics/transport`,
// `@metrics/statsd` and `@metrics/statsd/wire`, `@metrics/dogstatsd`, `@metrics/datadog`. CommonJS,
// so the `import` and the `require` entries both run it on the modules they loaded (`m`).
const assert = require("node:assert/strict");
const { eventually, httpIntake, udpSink } = require("./peers.cjs");

module.exports = async function exercise(format, m, onError) {
  const { configure, metrics, close } = m.core;

  // @metrics/core and its subpaths testing, logging, composite and layers
  const memory = new m.testing.MemoryBackend();
  configure({ backend: memory, prefix: "packed", onError });
  metrics.incr("calls", 2, { tags: { format } });
  assert.equal(
    metrics.time("work", () => 42),
    42,
  );
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
  const filtered = new m.testing.MemoryBackend();
  configure({ backend: m.layers.filter(filtered, { denyTags: [/_id$/] }) });
  metrics.incr("filtered", 1, { tags: { user_id: "42", format } });
  await close();
  assert.deepEqual(filtered.find("packed.filtered")[0]?.tags, { format });
  console.log(`${format}: @metrics/core, @metrics/core/{testing,logging,composite,layers} ok`);

  // @metrics/aggregation
  const aggregator = new m.aggregation.Aggregator();
  assert.equal(aggregator.counter("k", { a: "b" }, 3, 0.5), true);
  assert.equal(aggregator.sample(m.aggregation.MetricKind.Timer, "t", {}, 0.042, 1), true);
  const window = aggregator.drain();
  assert.equal(window.counters.length, 1);
  assert.equal(window.counters[0].value, 6);
  assert.equal(window.counters[0].calls, 1);
  assert.equal(window.samples.length, 1);
  assert.equal(window.samples[0].kind, "timer");
  assert.deepEqual(window.samples[0].values, [0.042]);
  console.log(`${format}: @metrics/aggregation ok`);

  // @metrics/transport: a configuration mistake throws core's own MetricsError, naming the option
  assert.throws(
    () => m.transport.checkKnownOptions("Mine", { prot: 8125 }, ["host", "port"]),
    (error) =>
      error instanceof m.core.MetricsError &&
      /unknown option "prot"; did you mean "port"/.test(error.message),
  );
  assert.equal(m.transport.resolveTransportOptions("Mine", {}).flushIntervalMs, 1_000);
  assert.equal(m.transport.copiesFor(0.25), 4);
  assert.equal(
    m.transport.copiesFor(0.3, () => 0.2),
    4,
  );
  console.log(`${format}: @metrics/transport ok`);

  // @metrics/statsd/wire: packing, and one copy of the stack under both StatsD-family transports
  const payloads = [];
  const oversize = [];
  const packer = new m.statsdWire.PacketPacker({
    maxBytes: 20,
    send: (payload, bytes, samples) => payloads.push([payload, bytes, samples]),
    onOversize: (line) => oversize.push(line),
  });
  packer.add("a:1|c");
  packer.add("b:2|c", 2);
  packer.add("ccccccccccccccc:1|c");
  packer.add("dddddddddddddddddddd:1|c");
  packer.flush();
  assert.deepEqual(payloads, [
    ["a:1|c\nb:2|c", 11, 3],
    ["ccccccccccccccc:1|c", 19, 1],
  ]);
  assert.deepEqual(oversize, ["dddddddddddddddddddd:1|c"]);
  console.log(`${format}: @metrics/statsd/wire ok`);

  // @metrics/statsd and @metrics/dogstatsd, each to its own loopback UDP sink
  for (const [name, Backend] of [
    ["@metrics/statsd", m.statsd.StatsdBackend],
    ["@metrics/dogstatsd", m.dogstatsd.DogStatsdBackend],
  ]) {
    const sink = await udpSink();
    const backend = new Backend({ host: "127.0.0.1", port: sink.port, onError });
    // One copy of the stack, in both builds: @metrics/dogstatsd imports it from
    // @metrics/statsd/wire, and @metrics/statsd's entries share it as one chunk.
    assert.ok(
      backend instanceof m.statsdWire.WireBackend,
      `${name} is built on @metrics/statsd/wire`,
    );
    configure({ backend });
    metrics.incr("hits", 3, { tags: { format } });
    await close();
    await eventually(
      () => sink.received.some((d) => d.includes("packed.hits:3|c")),
      `${name} datagram`,
    );
    const line = sink.received
      .join("\n")
      .split("\n")
      .find((l) => l.startsWith("packed.hits:"));
    assert.ok(line.includes(`format:${format}`), `${name} sent the tag: ${line}`);
    sink.close();
    console.log(`${format}: ${name} ok (${line})`);
  }

  // @metrics/datadog, to a loopback HTTP intake
  const intake = await httpIntake();
  const apiKey = "0123456789abcdef0123456789abcdef";
  configure({ backend: new m.datadog.DatadogBackend({ apiKey, baseUrl: intake.url, onError }) });
  metrics.incr("hits", 4, { tags: { format } });
  await close();
  const series = intake.requests.find((r) => r.path === "/api/v2/series");
  assert.ok(
    series,
    `series request received: ${JSON.stringify(intake.requests.map((r) => r.path))}`,
  );
  assert.equal(series.headers["dd-api-key"], apiKey);
  const point = JSON.parse(series.body).series.find((s) => s.metric === "packed.hits");
  assert.ok(point, `packed.hits in ${series.body}`);
  assert.equal(point.points[0].value, 4);
  await intake.close();
  console.log(`${format}: @metrics/datadog ok`);
};
