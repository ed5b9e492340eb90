import { close, configure, type MetricsError, metrics } from "@metrics/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import { OpenTelemetryBackend } from "../src/index.js";
import { SECONDS_BOUNDARIES } from "../src/instruments.js";
import { type OtlpPoint, startOtlpReceiver } from "./otlp-receiver.js";

type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;

/** The real SDK exporting OTLP/HTTP JSON to `url`, only when flushed. */
function providerFor(url: string, timeoutMillis = 5_000) {
  const exporter = new OTLPMetricExporter({ url, timeoutMillis });
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 600_000,
    exportTimeoutMillis: timeoutMillis,
  });
  return new MeterProvider({ readers: [reader] });
}

function only(points: OtlpPoint[], name: string, attributes?: Record<string, string>): OtlpPoint {
  const found = points.filter(
    (p) =>
      p.name === name &&
      (attributes === undefined || JSON.stringify(p.attributes) === JSON.stringify(attributes)),
  );
  expect(found, `one data point of ${name}`).toHaveLength(1);
  return found[0]!;
}

describe("OpenTelemetryBackend through the OTLP/HTTP exporter", () => {
  let receiver: Receiver | undefined;
  let provider: MeterProvider | undefined;
  const errors: MetricsError[] = [];

  afterEach(async () => {
    await close();
    // A stalled export would hold shutdown() (which exports a last time) for its whole timeout.
    receiver?.unstall();
    await provider?.shutdown().catch(() => {});
    await receiver?.close();
    provider = undefined;
    receiver = undefined;
    errors.length = 0;
  });

  it("delivers every kind of metric, with units, attributes and seconds buckets", async () => {
    receiver = await startOtlpReceiver();
    provider = providerFor(receiver.url);
    const backend = new OpenTelemetryBackend({ meterProvider: provider });
    configure({ backend, prefix: "shop", onError: (error) => errors.push(error) });

    metrics.incr("orders.placed", { tags: { country: "fr" } });
    metrics.incr("orders.placed", 2, { tags: { country: "fr" } });
    // Kept by the facade with probability 0.5 there; here as the backend receives a kept one.
    backend.incr("shop.orders.placed", 1, { country: "de" }, 0.5, undefined);
    metrics.gauge("queue.depth", 7, { tags: { queue: "email" } });
    metrics.gauge("queue.depth", 5, { tags: { queue: "email" } });
    metrics.distribution("payload.size", 2048, { unit: "By" });
    metrics.distribution("payload.size", 1024, { unit: "By" });
    metrics.timing("db.query", 0.042, { tags: { table: "users" } });
    metrics.timing("db.query", 1.5, { tags: { table: "users" } });
    for (const user of ["alice", "bob", "alice", 42]) metrics.set("users.active", user);
    await metrics.flush();

    const points = receiver.points;
    expect(receiver.requests.every((r) => r.contentType.startsWith("application/json"))).toBe(true);
    expect(new Set(points.map((p) => p.scope))).toEqual(new Set(["@metrics"]));

    const fr = only(points, "shop.orders.placed", { country: "fr" });
    expect(fr).toMatchObject({ kind: "sum", value: 3, isMonotonic: true });
    // Sampled at 0.5: the amount stands for two.
    expect(only(points, "shop.orders.placed", { country: "de" }).value).toBe(2);
    expect(only(points, "shop.queue.depth")).toMatchObject({ kind: "gauge", value: 5 });
    expect(only(points, "shop.payload.size")).toMatchObject({
      kind: "histogram",
      unit: "By",
      count: 2,
      sum: 3072,
    });
    const query = only(points, "shop.db.query", { table: "users" });
    expect(query).toMatchObject({ kind: "histogram", unit: "s", count: 2 });
    expect(query.sum).toBeCloseTo(1.542, 9);
    expect(query.explicitBounds).toEqual(SECONDS_BOUNDARIES);
    // 0.042 s falls in (0.025, 0.05], 1.5 s in (1, 2.5].
    expect(query.bucketCounts?.[SECONDS_BOUNDARIES.indexOf(0.05)]).toBe(1);
    expect(query.bucketCounts?.[SECONDS_BOUNDARIES.indexOf(2.5)]).toBe(1);
    expect(only(points, "shop.users.active")).toMatchObject({ kind: "gauge", value: 3 });
    expect(errors).toEqual([]);
  });

  it("observes unique set members per export interval, then starts afresh", async () => {
    receiver = await startOtlpReceiver();
    provider = providerFor(receiver.url);
    const backend = new OpenTelemetryBackend({ meterProvider: provider });
    for (const member of ["a", "b", "c"]) backend.set("visitors", member, {}, 1);
    await backend.flush();
    backend.set("visitors", "a", {}, 1);
    await backend.flush();
    const values = receiver.points.filter((p) => p.name === "visitors").map((p) => p.value);
    expect(values).toEqual([3, 1]);
    await backend.close();
  });

  it("records a sampled value 1/rate times, rounded at random so the count stays unbiased", async () => {
    receiver = await startOtlpReceiver();
    provider = providerFor(receiver.url);
    const backend = new OpenTelemetryBackend({ meterProvider: provider });
    for (let i = 0; i < 100; i++) backend.distribution("exact", 1, {}, 0.25, undefined);
    // 1/0.3 = 3.33…: each value is recorded 3 or 4 times, 10,000 times in all on average.
    for (let i = 0; i < 3000; i++) backend.distribution("rounded", 1, {}, 0.3, undefined);
    await backend.close();
    expect(only(receiver.points, "exact").count).toBe(400);
    const rounded = only(receiver.points, "rounded").count!;
    // Binomial: 3000 draws of p = 1/3, standard deviation ≈ 26; ±200 is more than 7 of them.
    expect(rounded).toBeGreaterThan(10_000 - 200);
    expect(rounded).toBeLessThan(10_000 + 200);
    expect(rounded).toBeGreaterThanOrEqual(9000);
    expect(rounded).toBeLessThanOrEqual(12_000);
  });

  it("settles flush() at flushTimeoutMs when the receiver never answers, and reports it", async () => {
    receiver = await startOtlpReceiver({ stall: true });
    provider = providerFor(receiver.url, 30_000);
    const backend = new OpenTelemetryBackend({
      meterProvider: provider,
      flushTimeoutMs: 300,
      onError: (error) => errors.push(error),
    });
    backend.incr("stalled", 1, {}, 1, undefined);
    const started = performance.now();
    await backend.close();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(5_000);
    expect(receiver.requests).toHaveLength(1);
    expect(errors.map((e) => e.code)).toEqual(["transport_error"]);
    expect(errors[0]!.message).toMatch(/forceFlush did not settle within 300 ms/);
  });
});
