import { configure, MetricsError, metrics, noopBackend } from "@metrics/core";
import {
  type EnvelopeEndpoint,
  startEnvelopeEndpoint,
  type TraceMetric,
} from "@metrics/test-peers/sentry";
import { copiesFor } from "@metrics/transport";
import * as Sentry from "@sentry/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SentryBackend } from "../src/index.js";

let endpoint: EnvelopeEndpoint;
let errors: MetricsError[] = [];
let backend: SentryBackend | undefined;

beforeAll(async () => {
  endpoint = await startEnvelopeEndpoint();
  Sentry.init({ dsn: endpoint.dsn(), defaultIntegrations: false, tracesSampleRate: 1 });
});

afterAll(async () => {
  await Sentry.close(2_000);
  await endpoint.close();
});

afterEach(async () => {
  await backend?.close();
  backend = undefined;
  configure({ backend: noopBackend, prefix: "", onError: () => {} });
  endpoint.clear();
  errors = [];
});

function use(options: ConstructorParameters<typeof SentryBackend>[0] = {}): SentryBackend {
  backend = new SentryBackend({ sentry: Sentry, onError: (e) => errors.push(e), ...options });
  return backend;
}

/** What arrived once the backend flushed, every item already checked by the endpoint. */
async function received(): Promise<TraceMetric[]> {
  await backend!.flush();
  await endpoint.quiet();
  expect(endpoint.violations).toEqual([]);
  return [...endpoint.metrics];
}

function attributesOf(metric: TraceMetric | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(metric?.attributes ?? {}).map(([name, { value }]) => [name, value]),
  );
}

describe("SentryBackend into the real Sentry SDK", () => {
  it("sends each kind through the SDK with its unit, tags and instance as attributes", async () => {
    configure({ backend: use(), prefix: "shop" });
    metrics.incr("orders", 2, { tags: { country: "fr" }, instance: "eu-1" });
    metrics.gauge("queue.depth", 7, { unit: "item" });
    metrics.distribution("payload.size", 2048, { unit: "byte", tags: { route: "/a" } });
    metrics.timing("db.query", 0.042, { tags: { table: "users" } });
    for (const user of ["ann", "bob", "ann", 7, "7"]) metrics.set("users", user);
    const got = await received();
    const byName = new Map(got.map((metric) => [metric.name, metric]));
    expect(got).toHaveLength(5);
    expect(byName.get("shop.orders")).toMatchObject({ type: "counter", value: 2 });
    expect(byName.get("shop.orders")?.unit).toBeUndefined();
    expect(attributesOf(byName.get("shop.orders"))).toMatchObject({
      country: "fr",
      instance: "eu-1",
    });
    expect(byName.get("shop.queue.depth")).toMatchObject({ type: "gauge", value: 7, unit: "item" });
    expect(byName.get("shop.payload.size")).toMatchObject({
      type: "distribution",
      value: 2048,
      unit: "byte",
    });
    expect(attributesOf(byName.get("shop.payload.size")).route).toBe("/a");
    expect(byName.get("shop.db.query")).toMatchObject({
      type: "distribution",
      value: 0.042,
      unit: "second",
    });
    expect(byName.get("shop.users")).toMatchObject({ type: "gauge", value: 3 });
    expect(errors).toEqual([]);
  });

  it("links a metric emitted inside a span to that span's trace, across await", async () => {
    configure({ backend: use() });
    let spanContext: { traceId: string; spanId: string } | undefined;
    await Sentry.startSpan({ name: "checkout" }, async (span) => {
      spanContext = span.spanContext();
      metrics.incr("in.span.before");
      await new Promise((resolve) => setTimeout(resolve, 5));
      metrics.timing("in.span.after", 0.01);
    });
    metrics.incr("outside.span");
    const got = await received();
    const byName = new Map(got.map((metric) => [metric.name, metric]));
    for (const name of ["in.span.before", "in.span.after"]) {
      expect(byName.get(name)?.trace_id).toBe(spanContext!.traceId);
      expect(byName.get(name)?.span_id).toBe(spanContext!.spanId);
    }
    expect(byName.get("outside.span")?.trace_id).not.toBe(spanContext!.traceId);
    expect(byName.get("outside.span")?.span_id).toBeUndefined();
  });

  it("counts set members per window: each flush starts a new one", async () => {
    const sets = use();
    sets.set("visitors", "a", { page: "home" }, 1);
    sets.set("visitors", "b", { page: "home" }, 1);
    sets.set("visitors", "a", { page: "cart" }, 1);
    await sets.flush();
    sets.set("visitors", "a", { page: "home" }, 1);
    const got = await received();
    const values = got.map((m) => [m.type, m.value, attributesOf(m).page]);
    expect(values).toEqual([
      ["gauge", 2, "home"],
      ["gauge", 1, "cart"],
      ["gauge", 1, "home"],
    ]);
  });

  it("closes a set window on its timer without a flush", async () => {
    const sets = use({ setWindowMs: 50 });
    sets.set("visitors", "a", {}, 1);
    sets.set("visitors", "b", {}, 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await Sentry.flush(2_000); // the SDK's own flush: the backend's window already closed
    await endpoint.quiet();
    expect(endpoint.metrics.map((m) => [m.name, m.type, m.value])).toEqual([
      ["visitors", "gauge", 2],
    ]);
  });

  it("bounds set members per window, and reports the ones it refused", async () => {
    const sets = use({ maxSetMembers: 3 });
    for (const member of ["a", "b", "c", "d", "e", "a"]) sets.set("capped", member, {}, 1);
    const got = await received();
    expect(got.map((m) => m.value)).toEqual([3]);
    expect(errors.map((e) => [e.code, e.dropped])).toEqual([["dropped", 2]]);
  });

  it("divides sampled counters by the rate and records a sampled value 1/rate times", async () => {
    const sampled = use();
    sampled.incr("hits", 3, {}, 0.25, undefined);
    sampled.distribution("size", 10, {}, 0.25, "byte");
    sampled.timing("latency", 0.5, {}, 0.5);
    sampled.gauge("depth", 4, {}, 0.1, undefined);
    const got = await received();
    expect(got.filter((m) => m.name === "hits").map((m) => m.value)).toEqual([12]);
    expect(got.filter((m) => m.name === "size").map((m) => m.value)).toEqual([10, 10, 10, 10]);
    expect(got.filter((m) => m.name === "latency")).toHaveLength(2);
    expect(got.filter((m) => m.name === "depth").map((m) => m.value)).toEqual([4]);
  });

  it("rounds 1/rate at random so the count of recorded values stays unbiased", async () => {
    expect(copiesFor(0.3, () => 0.2)).toBe(4); // 1/0.3 = 3.33: 4 with probability 1/3
    expect(copiesFor(0.3, () => 0.5)).toBe(3);
    expect(copiesFor(1, () => 0)).toBe(1);
    const sampled = use();
    for (let i = 0; i < 1_000; i++) sampled.distribution("unbiased", 1, {}, 0.4, undefined);
    const got = await received();
    // 2 or 3 per call, 3 with probability 1/2: 2,500 expected, standard deviation 16.
    expect(Math.abs(got.length - 2_500)).toBeLessThan(100);
  });

  it("never closes the SDK it was given", async () => {
    const own = use();
    own.incr("before.close", 1, {}, 1, undefined);
    await own.close();
    Sentry.metrics.count("after.close", 1);
    await Sentry.flush(2_000);
    await endpoint.quiet();
    expect(endpoint.metrics.map((m) => m.name)).toEqual(["before.close", "after.close"]);
    expect(Sentry.getClient()?.getOptions().enabled).not.toBe(false);
  });

  it("without `sentry`, sends through the @sentry/node the application initialised", async () => {
    backend = new SentryBackend({ onError: (e) => errors.push(e) });
    backend.incr("default.sdk", 5, {}, 1, undefined);
    const got = await received();
    expect(got.map((m) => [m.name, m.value])).toEqual([["default.sdk", 5]]);
  });

  it("keeps a tag named __proto__, which the SDK's serialiser would lose, as _proto_", async () => {
    const tags = Object.defineProperty({ a: "1" }, "__proto__", { value: "p", enumerable: true });
    use().gauge("proto", 1, tags, 1, undefined);
    const got = await received();
    expect(attributesOf(got[0])).toMatchObject({ a: "1", _proto_: "p" });
  });

  it("reports an SDK call that throws, losing only that metric", async () => {
    const throwing = {
      ...Sentry,
      metrics: {
        ...Sentry.metrics,
        count: () => {
          throw new Error("boom");
        },
      },
    };
    const own = use({ sentry: throwing });
    expect(() => own.incr("thrown", 1, {}, 1, undefined)).not.toThrow();
    own.gauge("kept", 1, {}, 1, undefined);
    const got = await received();
    expect(got.map((m) => m.name)).toEqual(["kept"]);
    expect(errors.map((e) => [e.code, e.key, e.dropped])).toEqual([
      ["transport_error", "thrown", 1],
    ]);
  });

  it("throws a MetricsError naming a wrong option", () => {
    expect(() => new SentryBackend({ flushTimeoutMs: -1 })).toThrow(/flushTimeoutMs/);
    expect(() => new SentryBackend({ setWindowMs: 1.5 })).toThrow(MetricsError);
    expect(() => new SentryBackend({ sentry: {} as never })).toThrow(/`sentry`.*10\.25/);
  });
});
