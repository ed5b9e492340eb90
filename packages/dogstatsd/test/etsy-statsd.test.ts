import { HOSTILE_STRINGS } from "@metrics/conformance";
import type { MetricsError } from "@metrics/core";
import { type StatsdDaemon, seededRandom, startStatsdDaemon } from "@metrics/test-peers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DogStatsdBackend } from "../src/index.js";

// The same calls through the real Etsy StatsD daemon, which reads `|#` tags (as `name;k=v`).
// It does not know protocol 1.1 packing (`name:1:2|ms`), so values go one per line here, and
// timings as `ms`; gauges stay non-negative because Etsy reads a leading `-` as a decrement.
describe("DogStatsD lines through the real Etsy StatsD daemon", () => {
  let daemon: StatsdDaemon;
  let errors: MetricsError[];
  let backend: DogStatsdBackend;

  beforeEach(async () => {
    errors = [];
    daemon = await startStatsdDaemon();
    backend = new DogStatsdBackend({
      port: daemon.udpPort,
      timingAs: "timer",
      packValues: false,
      flushIntervalMs: 10_000,
      tags: { app: "etsy" },
      onError: (error) => errors.push(error),
    });
  });

  afterEach(async () => {
    await backend.close();
    await daemon.stop();
  });

  /** Everything sent so far, as the daemon's final flush saw it, and its bad-line count. */
  async function received() {
    await backend.flush();
    await daemon.settled();
    const badLines = await daemon.badLines();
    return { badLines, ...(await daemon.stop()) };
  }

  it("arrives with exact counter totals, last gauges, every timer value and every set member", async () => {
    const random = seededRandom(7);
    const counters: Record<string, number> = {};
    const gauges: Record<string, number> = {};
    const timers: Record<string, number[]> = {};
    const timerCounts: Record<string, number> = {};
    const sets: Record<string, Set<string>> = {};
    for (let i = 0; i < 50_000; i++) {
      const context = i % 100;
      const region = ["eu", "us"][context % 2]!;
      const tags = { region, shard: String(context % 7) };
      const etsyKey = (name: string) => `${name};region=${region};shard=${context % 7};app=etsy`;
      const rate = context < 50 ? 1 : 0.5;
      const amount = 1 + (i % 3);
      backend.incr(`etsy.c${context}`, amount, tags, rate);
      const counterKey = etsyKey(`etsy.c${context}`);
      counters[counterKey] = (counters[counterKey] ?? 0) + amount / rate;
      if (i % 10 === 0) {
        const value = Math.floor(random() * 1000);
        const name = `etsy.g${Math.floor(i / 10) % 4}`;
        backend.gauge(name, value, tags, 1);
        gauges[etsyKey(name)] = value;
      }
      if (i % 25 === 0) {
        const seconds = Math.floor(random() * 5000) / 1000;
        backend.timing(`etsy.t${context % 5}`, seconds, tags, rate);
        const key = etsyKey(`etsy.t${context % 5}`);
        timers[key] = [...(timers[key] ?? []), seconds * 1000];
        timerCounts[key] = (timerCounts[key] ?? 0) + 1 / rate;
      }
      if (i % 50 === 0) {
        const member = `user${Math.floor(random() * 40)}`;
        backend.set(`etsy.s${context % 3}`, member, tags, 1);
        const setKey = etsyKey(`etsy.s${context % 3}`);
        sets[setKey] = (sets[setKey] ?? new Set<string>()).add(member);
      }
    }
    const state = await received();

    expect(state.badLines).toBe(0);
    const ours = (record: Record<string, number>) =>
      Object.fromEntries(Object.entries(record).filter(([key]) => key.startsWith("etsy.")));
    expect(ours(state.counters)).toEqual(counters);
    expect(ours(state.gauges)).toEqual(gauges);
    for (const [key, values] of Object.entries(timers)) {
      const got = [...state.timers[key]!].sort((a, b) => a - b);
      const want = [...values].sort((a, b) => a - b);
      expect(got).toHaveLength(want.length);
      got.forEach((value, i) => expect(value).toBeCloseTo(want[i]!, 9));
      expect(state.timerCounters[key]).toBeCloseTo(timerCounts[key]!, 9);
    }
    expect(Object.keys(state.timers).sort()).toEqual(Object.keys(timers).sort());
    expect(
      Object.fromEntries(Object.entries(state.sets).map(([k, v]) => [k, [...v].sort()])),
    ).toEqual(Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v].sort()])));
    expect(errors).toEqual([]);
  });

  it("takes hostile keys and tags without a bad line or an unintended metric", async () => {
    HOSTILE_STRINGS.forEach((text, i) => {
      backend.incr(`hostile.m${i}z.${text}`, 1, { [text || "empty"]: text }, 1);
      // Prefixed: Etsy keeps set members as keys of a plain object, which cannot hold `__proto__`.
      backend.set(`hostile.set.m${i}z`, `member ${text}`, { v: text }, 1);
    });
    const state = await received();
    expect(state.badLines).toBe(0);
    const keys = Object.keys(state.counters).filter((key) => key.startsWith("hostile."));
    expect(keys).toHaveLength(HOSTILE_STRINGS.length);
    const markers = keys.map((key) => key.match(/m\d+z/g));
    for (const found of markers) expect(found).toHaveLength(1);
    expect(new Set(markers.map((found) => found![0])).size).toBe(HOSTILE_STRINGS.length);
    for (const key of keys) expect(state.counters[key]).toBe(1);
    const setKeys = Object.keys(state.sets).filter((key) => key.startsWith("hostile.set."));
    expect(setKeys).toHaveLength(HOSTILE_STRINGS.length);
    for (const key of setKeys) expect(state.sets[key]).toHaveLength(1);
  });
});
