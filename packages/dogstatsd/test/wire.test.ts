import type { MetricsError } from "@metrics/core";
import {
  contextOf,
  type Sink,
  seededRandom,
  sorted,
  summarize,
  UdpSink,
  UdsSink,
} from "@metrics/test-peers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DogStatsdBackend, type DogStatsdBackendOptions } from "../src/index.js";

interface Transport {
  name: string;
  maxPacketSize: number;
  start(): Promise<{ sink: Sink; options: DogStatsdBackendOptions }>;
}

const transports: Transport[] = [
  {
    name: "UDP",
    maxPacketSize: 1432,
    async start() {
      const sink = await UdpSink.start();
      return { sink, options: { protocol: "udp", host: "127.0.0.1", port: sink.port } };
    },
  },
  {
    name: "Unix datagram socket",
    maxPacketSize: 8192,
    async start() {
      const sink = await UdsSink.start();
      return { sink, options: { protocol: "uds", path: sink.path } };
    },
  },
];

describe.each(transports)("DogStatsD over $name", (transport) => {
  let sink: Sink;
  let base: DogStatsdBackendOptions;
  const errors: MetricsError[] = [];
  const backends: DogStatsdBackend[] = [];

  const backend = (options: DogStatsdBackendOptions = {}) => {
    const created = new DogStatsdBackend({
      ...base,
      flushIntervalMs: 10_000,
      onError: (error) => errors.push(error),
      ...options,
    });
    backends.push(created);
    return created;
  };

  beforeAll(async () => {
    ({ sink, options: base } = await transport.start());
  });

  afterAll(async () => {
    await Promise.all(backends.map((b) => b.close()));
    await sink.close();
  });

  it("delivers thousands of mixed calls exactly, in well-formed datagrams within the limit", async () => {
    sink.clear();
    errors.length = 0;
    const b = backend({ tags: { env: "test" } });
    const random = seededRandom(42);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const tagChoices = [{}, { route: "/users/:id" }, { route: "/", method: "GET" }, { shard: "7" }];
    const rates = [1, 1, 0.5, 0.25];

    const counters = new Map<string, number>();
    const gauges = new Map<string, number>();
    const sets = new Map<string, Set<string>>();
    const samples = new Map<string, number[]>();
    const sampleCounts = new Map<string, number>();
    const wireTags = (tags: Record<string, string>) => [
      ...Object.entries(tags).map(([k, v]) => `${k}:${v}`),
      "env:test",
    ];

    for (let i = 0; i < 6000; i++) {
      const tags = pick(tagChoices) as Record<string, string>;
      const n = Math.floor(random() * 12);
      const key = `mixed.${pick(["a", "b", "c"])}${n % 4}`;
      switch (i % 6) {
        case 0: {
          const rate = pick(rates);
          const amount = 1 + Math.floor(random() * 5);
          b.incr(`${key}.count`, amount, tags, rate);
          const ctx = contextOf(`${key}.count`, "c", wireTags(tags));
          counters.set(ctx, (counters.get(ctx) ?? 0) + amount / rate);
          break;
        }
        case 1: {
          const value = Math.round(random() * 1e6) / 100 - 1000;
          b.gauge(`${key}.gauge`, value, tags, 1, undefined);
          gauges.set(contextOf(`${key}.gauge`, "g", wireTags(tags)), value);
          break;
        }
        case 2:
        case 3: {
          const value = Math.round(random() * 1e5) / 10;
          b.distribution(`${key}.size`, value, tags, 1, "byte");
          const ctx = contextOf(`${key}.size`, "d", wireTags(tags));
          samples.set(ctx, [...(samples.get(ctx) ?? []), value]);
          break;
        }
        case 4: {
          const seconds = random() / 10;
          const rate = pick([1, 0.5]);
          b.timing(`${key}.latency`, seconds, tags, rate);
          const ctx = contextOf(`${key}.latency`, "d", wireTags(tags));
          samples.set(ctx, [...(samples.get(ctx) ?? []), seconds * 1000]);
          sampleCounts.set(ctx, (sampleCounts.get(ctx) ?? 0) + 1 / rate);
          break;
        }
        default: {
          const member = pick(["alice", "bob", 17, "carol", 4.5, "dave"]);
          b.set(`${key}.users`, member, tags, 1);
          const ctx = contextOf(`${key}.users`, "s", wireTags(tags));
          sets.set(ctx, (sets.get(ctx) ?? new Set()).add(String(member)));
        }
      }
    }
    await b.flush();
    await sink.settle();

    const summary = summarize(sink.lines()); // throws on the first malformed line
    expect(sink.datagrams.length).toBeGreaterThan(0);
    for (const datagram of sink.datagrams) {
      expect(datagram.bytes).toBeLessThanOrEqual(transport.maxPacketSize);
    }
    expect([...summary.counters.keys()].sort()).toEqual([...counters.keys()].sort());
    for (const [ctx, total] of counters) expect(summary.counters.get(ctx)).toBeCloseTo(total, 9);
    expect(Object.fromEntries(summary.gauges)).toEqual(Object.fromEntries(gauges));
    expect(Object.fromEntries([...summary.sets].map(([k, v]) => [k, [...v].sort()]))).toEqual(
      Object.fromEntries([...sets].map(([k, v]) => [k, [...v].sort()])),
    );
    expect([...summary.samples.keys()].sort()).toEqual([...samples.keys()].sort());
    for (const [ctx, values] of samples) {
      expect(sorted(summary.samples.get(ctx)!)).toEqual(sorted(values));
    }
    // Values kept at rate 1 arrive with rate 1; sampled timings carry the rate that makes the
    // Agent count Σ 1 / rate for their context.
    for (const metric of summary.metrics) {
      if (metric.name.endsWith(".size")) expect(metric.sampleRate).toBe(1);
    }
    expect(summary.metrics.some((m) => m.name.endsWith(".latency") && m.sampleRate < 1)).toBe(true);
    for (const [ctx, count] of sampleCounts) {
      expect(summary.sampleCounts.get(ctx)).toBeCloseTo(count, 6);
    }
    // Extended aggregation: far fewer lines than values.
    const distributionLines = summary.metrics.filter((m) => m.type === "d").length;
    expect(distributionLines).toBeLessThan(3000 / 10);
    expect(errors).toEqual([]);
  });

  it("packs one context's values up to the packet limit and splits the rest over lines", async () => {
    sink.clear();
    const b = backend({ maxSamplesPerContext: 5000 });
    const values = Array.from({ length: 4000 }, (_, i) => i * 1.5 + 0.25);
    for (const v of values) b.distribution("packed.values", v, { host: "h1" }, 1, undefined);
    await b.flush();
    await sink.settle();
    const summary = summarize(sink.lines());
    expect(summary.samples.get(contextOf("packed.values", "d", ["host:h1"]))).toEqual(values);
    const lines = summary.metrics.length;
    expect(lines).toBeGreaterThan(1);
    // Each datagram holds one packed line filled close to the limit.
    expect(sink.datagrams.length).toBe(lines);
    for (const d of sink.datagrams.slice(0, -1)) {
      expect(d.bytes).toBeGreaterThan(transport.maxPacketSize - 20);
      expect(d.bytes).toBeLessThanOrEqual(transport.maxPacketSize);
    }
  });

  it("bounds the values per context by reservoir sampling and adjusts the rate so counts stay right", async () => {
    sink.clear();
    const b = backend({ maxSamplesPerContext: 100 });
    const values = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      b.distribution("reservoir.values", i, {}, 1, undefined);
      values.add(i);
    }
    for (let i = 0; i < 400; i++) b.timing("reservoir.sampled", 0.001 * i, {}, 0.5);
    await b.flush();
    await sink.settle();
    const summary = summarize(sink.lines());
    const kept = summary.samples.get(contextOf("reservoir.values", "d", []))!;
    expect(kept).toHaveLength(100);
    expect(new Set(kept).size).toBe(100);
    for (const v of kept) expect(values.has(v)).toBe(true);
    const rates = summary.metrics
      .filter((m) => m.name === "reservoir.values")
      .map((m) => m.sampleRate);
    expect(new Set(rates)).toEqual(new Set([100 / 5000]));
    expect(summary.sampleCounts.get(contextOf("reservoir.values", "d", []))).toBeCloseTo(5000, 6);
    // 400 calls kept at rate 0.5 stand for 800 events.
    expect(summary.sampleCounts.get(contextOf("reservoir.sampled", "d", []))).toBeCloseTo(800, 6);
  });

  it("sends timings as timer or histogram when asked, in milliseconds", async () => {
    sink.clear();
    backend({ timingAs: "timer" }).timing("t.timer", 0.25, {}, 1);
    backend({ timingAs: "histogram" }).timing("t.histogram", 1.5, {}, 0.5);
    await Promise.all(backends.map((x) => x.flush()));
    await sink.settle();
    const byName = Object.fromEntries(summarize(sink.lines()).metrics.map((m) => [m.name, m]));
    expect(byName["t.timer"]).toMatchObject({ type: "ms", values: [250], sampleRate: 1 });
    expect(byName["t.histogram"]).toMatchObject({ type: "h", values: [1500], sampleRate: 0.5 });
  });

  it("writes one value per line when packing is off, and every call as it comes without aggregation", async () => {
    sink.clear();
    const unpacked = backend({ packValues: false });
    for (const v of [1, 2, 3]) unpacked.distribution("u.packed", v, {}, 1, undefined);
    const raw = backend({ aggregation: false });
    for (let i = 0; i < 3; i++) raw.incr("u.raw", 2, { a: "1" }, 0.5);
    raw.gauge("u.gauge", 3, {}, 1, undefined);
    raw.gauge("u.gauge", 4, {}, 1, undefined);
    await Promise.all([unpacked.flush(), raw.flush()]);
    await sink.settle();
    const metrics = summarize(sink.lines()).metrics;
    expect(metrics.filter((m) => m.name === "u.packed").map((m) => m.values)).toEqual([
      [1],
      [2],
      [3],
    ]);
    expect(metrics.filter((m) => m.name === "u.raw")).toHaveLength(3);
    expect(metrics.filter((m) => m.name === "u.raw").every((m) => m.sampleRate === 0.5)).toBe(true);
    expect(metrics.filter((m) => m.name === "u.gauge").map((m) => m.values[0])).toEqual([3, 4]);
  });
});
