import { MetricsError } from "@metrics/core";
import { Intake } from "@metrics/test-peers/datadog";
import { afterEach, describe, expect, it } from "vitest";
import { DatadogBackend, type DatadogBackendOptions } from "../dist/index.js";

const API_KEY = "test-key-3f9a1c0b7d2e";
const NO_TAGS = Object.freeze({});

let intakes: Intake[] = [];
let backends: DatadogBackend[] = [];

async function setup(options: DatadogBackendOptions = {}) {
  const intake = await Intake.start(API_KEY);
  const errors: MetricsError[] = [];
  const backend = new DatadogBackend({
    apiKey: API_KEY,
    baseUrl: intake.url,
    flushIntervalMs: 3_600_000,
    maxRetryDelayMs: 20,
    requestTimeoutMs: 2_000,
    onError: (error) => errors.push(error),
    ...options,
  });
  intakes.push(intake);
  backends.push(backend);
  return { intake, backend, errors };
}

afterEach(async () => {
  await Promise.all(backends.map((backend) => backend.close()));
  await Promise.all(intakes.map((intake) => intake.close()));
  backends = [];
  intakes = [];
});

describe("DatadogBackend delivery", () => {
  it("delivers thousands of mixed metrics over hundreds of contexts exactly", async () => {
    const { intake, backend, errors } = await setup({ host: "web-1", tags: { env: "test" } });
    const counts = new Map<string, number>();
    const gauges = new Map<string, number>();
    const values = new Map<string, number[]>();
    const members = new Map<string, Set<string>>();
    const timings = new Map<string, number[]>();
    for (let i = 0; i < 12_000; i++) {
      const context = `c${i % 300}`;
      const tags = { shard: context };
      backend.incr("jobs.done", (i % 7) + 1, tags, 1, undefined);
      counts.set(context, (counts.get(context) ?? 0) + (i % 7) + 1);
      backend.gauge("queue.depth", i, tags, 1, "item");
      gauges.set(context, i);
      if (i % 3 === 0) {
        const value = (i % 101) / 7;
        backend.distribution("payload.size", value, tags, 1, "byte");
        values.set(context, [...(values.get(context) ?? []), value]);
      }
      if (i % 7 === 0) {
        backend.timing("db.query", (i % 13) / 1000, tags, 1);
        timings.set(context, [...(timings.get(context) ?? []), i % 13]);
      }
      backend.set("users.active", `u${i % 41}`, tags, 1);
      members.set(context, (members.get(context) ?? new Set()).add(`u${i % 41}`));
    }
    await backend.flush();

    expect(intake.violations).toEqual([]);
    expect(errors).toEqual([]);
    for (const [context, total] of counts) {
      const tags = ["env:test", `shard:${context}`];
      expect(intake.total("jobs.done", tags)).toBe(total);
      expect(intake.lastGauge("queue.depth", tags)).toBe(gauges.get(context));
      expect(intake.lastGauge("users.active", tags)).toBe(members.get(context)?.size);
      expect(intake.values("payload.size", tags).sort()).toEqual(
        (values.get(context) ?? []).sort(),
      );
      // Timings arrive in milliseconds.
      const sent = (timings.get(context) ?? []).sort((a, b) => a - b);
      const got = intake.values("db.query", tags).sort((a, b) => a - b);
      expect(got).toHaveLength(sent.length);
      got.forEach((value, j) => expect(value).toBeCloseTo(sent[j]!, 9));
    }
    expect(timings.size).toBe(300);
    const count = intake.series.find((point) => point.metric === "jobs.done");
    expect(count).toMatchObject({ type: 1, host: "web-1" });
    expect(count?.interval).toBeGreaterThanOrEqual(1);
    expect(intake.series.find((point) => point.metric === "queue.depth")?.unit).toBe("item");
    expect(intake.duplicateSeries()).toEqual([]);
  });

  it("keeps windows apart: a second flush sends only what came after the first", async () => {
    const { intake, backend } = await setup();
    backend.incr("hits", 3, NO_TAGS, 1, undefined);
    await backend.flush();
    backend.incr("hits", 4, NO_TAGS, 1, undefined);
    await backend.flush();
    const points = intake.series.filter((point) => point.metric === "hits");
    expect(points.map((point) => point.value)).toEqual([3, 4]);
    expect(points[1]!.timestamp).toBeGreaterThan(points[0]!.timestamp);
    expect(intake.violations).toEqual([]);
  });

  it("scales counters and distributions by their sample rate", async () => {
    const { intake, backend } = await setup();
    for (let i = 0; i < 10; i++) backend.incr("sampled.count", 1, NO_TAGS, 0.25, undefined);
    for (let i = 0; i < 10; i++) backend.distribution("sampled.dist", i, NO_TAGS, 0.5, undefined);
    await backend.flush();
    expect(intake.total("sampled.count")).toBe(40);
    const values = intake.values("sampled.dist");
    expect(values).toHaveLength(20);
    expect(new Set(values)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it("survives 500, 503, 429 with reset, dropped connections and stalls: all once, none twice", async () => {
    const { intake, backend, errors } = await setup({ requestTimeoutMs: 300 });
    intake.script(
      { kind: "status", status: 500 },
      { kind: "status", status: 503 },
      { kind: "drop" },
      { kind: "status", status: 429, headers: { "x-ratelimit-reset": "1" } },
      { kind: "stall" },
      { kind: "status", status: 502 },
      { kind: "drop" },
    );
    const expected = new Map<string, number>();
    for (let window = 0; window < 4; window++) {
      for (let i = 0; i < 500; i++) {
        const key = `retry.count.${i % 20}`;
        backend.incr(key, 1, { w: String(window) }, 1, undefined);
        expected.set(key, (expected.get(key) ?? 0) + 1);
        backend.distribution("retry.dist", i, { w: String(window) }, 1, undefined);
      }
      await backend.flush();
    }
    expect(intake.violations).toEqual([]);
    for (const [key, total] of expected) {
      let sum = 0;
      for (let window = 0; window < 4; window++) sum += intake.total(key, [`w:${window}`]);
      expect(sum).toBe(total);
    }
    for (let window = 0; window < 4; window++) {
      expect(intake.values("retry.dist", [`w:${window}`])).toHaveLength(500);
    }
    expect(intake.duplicateSeries()).toEqual([]);
    // Every scripted failure was met with a retry, none lost, nothing reported lost.
    const failures = intake.attempts.filter((attempt) => attempt.reply !== "accepted");
    expect(failures).toHaveLength(7);
    expect(errors.filter((error) => error.dropped !== undefined)).toEqual([]);
  });

  it("honours x-ratelimit-reset before trying again", async () => {
    const { intake, backend } = await setup({ maxRetryDelayMs: 5 });
    intake.script({ kind: "status", status: 429, headers: { "x-ratelimit-reset": "1" } });
    backend.incr("limited", 1, NO_TAGS, 1, undefined);
    await backend.flush();
    expect(intake.total("limited")).toBe(1);
    const [limited, accepted] = intake.attempts;
    expect(limited?.reply).toBe("status");
    // The backoff alone would have retried after 5 ms; the server asked for 1 s.
    expect(accepted!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it("does not retry a 403, and its throttled reports add up to every point lost", async () => {
    const { intake, backend, errors } = await setup({ apiKey: "wrong-key-8c1d" });
    for (let window = 0; window < 3; window++) {
      backend.incr("denied", 1, NO_TAGS, 1, undefined);
      backend.distribution("denied.dist", 1, NO_TAGS, 1, undefined);
      await backend.flush();
    }
    // close() delivers the summaries the throttle still holds.
    await backend.close();
    // One request per payload: two kinds, three windows.
    expect(intake.attempts).toHaveLength(6);
    expect(intake.attempts.every((attempt) => attempt.reply === "forbidden")).toBe(true);
    // Per endpoint: the first at once, the rest summed into one summary; no point unaccounted.
    expect(errors.length).toBe(4);
    for (const error of errors) {
      expect(error).toBeInstanceOf(MetricsError);
      expect(error.code).toBe("transport_error");
      expect(error.message).toContain("403");
    }
    expect(errors.reduce((sum, error) => sum + (error.dropped ?? 0), 0)).toBe(6);
  });

  it("gives a payload up after maxRetries and reports it lost", async () => {
    const { intake, backend, errors } = await setup({ maxRetries: 2 });
    intake.script(...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 500 })));
    backend.gauge("doomed", 1, NO_TAGS, 1, undefined);
    await backend.flush();
    expect(intake.attempts).toHaveLength(3);
    expect(intake.series).toEqual([]);
    expect(errors.map((error) => [error.code, error.dropped])).toEqual([["transport_error", 1]]);
    expect(errors[0]!.message).toContain("3 attempts");
  });

  it("bounds a cardinality explosion by sending the window early at maxContexts, losing nothing", async () => {
    const { intake, backend, errors } = await setup({ maxContexts: 1000 });
    for (let i = 0; i < 5000; i++) backend.incr("exploding", 1, { id: String(i) }, 1, undefined);
    // Four windows went out early, before any flush: wait (up to 5 s) until they arrived, then
    // check that no more than those four did.
    const contexts = () => new Set(intake.series.map((point) => point.tags.join())).size;
    for (let waited = 0; contexts() < 4000 && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await intake.settle(100);
    expect(contexts()).toBe(4000);
    await backend.flush();
    expect(contexts()).toBe(5000);
    expect(intake.total("exploding", ["id:4999"])).toBe(1);
    expect(intake.duplicateSeries()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("splits large windows so no request exceeds the body limits", async () => {
    const { intake, backend, errors } = await setup({
      maxContexts: 60_000,
      maxQueueBytes: 64 * 1024 * 1024,
    });
    // Random tag values compress poorly, so the 500 kB compressed limit is the one that binds.
    const random = () => Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    for (let i = 0; i < 50_000; i++) {
      backend.gauge("wide.metric.with.a.long.name", i, { a: random(), b: random() }, 1, undefined);
    }
    for (let i = 0; i < 200; i++) {
      const tags = { id: random() };
      for (let v = 0; v < 1000; v++)
        backend.distribution("wide.dist", v * 1.234567, tags, 1, undefined);
    }
    await backend.flush();
    expect(intake.violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(intake.series).toHaveLength(50_000);
    expect(intake.distributions.reduce((sum, point) => sum + point.values.length, 0)).toBe(200_000);
    const seriesRequests = intake.attempts.filter((attempt) => attempt.path === "/api/v2/series");
    expect(seriesRequests.length).toBeGreaterThan(1);
    for (const attempt of intake.attempts) {
      expect(attempt.compressedBytes).toBeLessThanOrEqual(512_000);
      expect(attempt.uncompressedBytes).toBeLessThanOrEqual(5_242_880);
    }
  });

  it("bounds the queue while the intake is down and reports what it dropped", async () => {
    const { intake, backend, errors } = await setup({
      maxQueueBytes: 4_000,
      maxRetries: 1000,
      flushTimeoutMs: 100,
    });
    intake.script(
      ...Array.from({ length: 1000 }, () => ({ kind: "status" as const, status: 503 })),
    );
    for (let window = 0; window < 5; window++) {
      for (let i = 0; i < 30; i++)
        backend.gauge(`down.${i}`, window, { w: String(window) }, 1, undefined);
      void backend.flush();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const dropped = errors.filter((error) => error.code === "dropped");
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]!.message).toContain("queue full");
    await backend.close();
    // Whatever was still held when close() gave up was reported too.
    expect(intake.series).toEqual([]);
  });

  it("never sends non-finite values", async () => {
    const { intake, backend, errors } = await setup();
    backend.gauge("finite", Number.NaN, NO_TAGS, 1, undefined);
    backend.distribution("finite", Number.POSITIVE_INFINITY, NO_TAGS, 1, undefined);
    backend.incr("overflow", Number.MAX_VALUE, NO_TAGS, 1, undefined);
    backend.incr("overflow", Number.MAX_VALUE, NO_TAGS, 1, undefined);
    backend.gauge("finite.ok", 1, NO_TAGS, 1, undefined);
    await backend.flush();
    expect(intake.violations).toEqual([]);
    expect(intake.series.map((point) => point.metric)).toEqual(["finite.ok"]);
    expect(intake.distributions).toEqual([]);
    expect(errors.every((error) => error.code === "invalid_value")).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("close() flushes, waits for retries, and drops later calls as closed", async () => {
    const { intake, backend, errors } = await setup();
    intake.script({ kind: "status", status: 500 }, { kind: "drop" });
    backend.incr("at.close", 2, NO_TAGS, 1, undefined);
    await backend.close();
    expect(intake.total("at.close")).toBe(2);
    backend.incr("after.close", 1, NO_TAGS, 1, undefined);
    await backend.flush();
    await backend.close();
    expect(intake.series.map((point) => point.metric)).toEqual(["at.close"]);
    expect(errors.map((error) => error.code)).toEqual(["closed"]);
  });

  it("close() gives up at its deadline and reports what it could not deliver", async () => {
    const { intake, backend, errors } = await setup({
      flushTimeoutMs: 200,
      requestTimeoutMs: 60_000,
    });
    intake.script({ kind: "stall" });
    backend.incr("stuck", 5, NO_TAGS, 1, undefined);
    await backend.close();
    expect(intake.series).toEqual([]);
    expect(errors.map((error) => [error.code, error.dropped])).toEqual([["dropped", 1]]);
  });

  it("sends each backend to its own intake, whatever DD_SITE says", async () => {
    const saved = process.env.DD_SITE;
    process.env.DD_SITE = "datadoghq.eu";
    try {
      const a = await setup();
      const b = await setup();
      a.backend.incr("only.a", 1, NO_TAGS, 1, undefined);
      b.backend.incr("only.b", 1, NO_TAGS, 1, undefined);
      await Promise.all([a.backend.flush(), b.backend.flush()]);
      expect(a.intake.series.map((point) => point.metric)).toEqual(["only.a"]);
      expect(b.intake.series.map((point) => point.metric)).toEqual(["only.b"]);
    } finally {
      if (saved === undefined) delete process.env.DD_SITE;
      else process.env.DD_SITE = saved;
    }
  });

  it("is validated just as strictly by an intake that decodes only when asked (the bench's)", async () => {
    const intake = await Intake.start({ apiKey: API_KEY, deferDecoding: true });
    intakes.push(intake);
    const backend = new DatadogBackend({ apiKey: API_KEY, baseUrl: intake.url });
    backends.push(backend);
    for (let i = 0; i < 3_000; i++) {
      backend.incr("jobs", 1, { shard: String(i % 30) }, 1, undefined);
      backend.distribution("latency", i / 7, { shard: String(i % 30) }, 1, "millisecond");
    }
    await backend.flush();
    expect(intake.totals.counterTotal).toBe(0); // answered, not yet decoded
    // A body the real intake would refuse is answered too, and found out when decoded.
    const forged = await fetch(`${intake.url}/api/v1/distribution_points`, {
      method: "POST",
      headers: { "dd-api-key": API_KEY, "content-type": "application/json" },
      body: JSON.stringify({ series: [{ metric: "m", points: [[1, ["NaN"]]] }] }),
    });
    expect(forged.status).toBe(202);
    intake.decodePending();
    expect(intake.totals.counterTotal).toBe(3_000);
    expect(intake.totals.distributionValues).toBe(3_000);
    expect(intake.violations).toHaveLength(1);
  });
});
