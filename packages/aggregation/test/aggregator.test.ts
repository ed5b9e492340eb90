import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Aggregator, effectiveSampleRate, MetricKind } from "../src/index.js";

describe("Aggregator", () => {
  it("sums counters per key and tags, scaled by the sample rate", () => {
    const agg = new Aggregator();
    expect(agg.counter("hits", { a: "1", b: "2" }, 1, 1)).toBe(true);
    agg.counter("hits", { b: "2", a: "1" }, 2, 1);
    agg.counter("hits", { a: "1", b: "2" }, 1, 0.5);
    agg.counter("hits", {}, 5, 1);
    agg.counter("other", { a: "1", b: "2" }, 1, 1);
    const { counters } = agg.drain();
    expect(counters.map((c) => [c.key, { ...c.tags }, c.value])).toEqual([
      ["hits", { a: "1", b: "2" }, 5],
      ["hits", {}, 5],
      ["other", { a: "1", b: "2" }, 1],
    ]);
  });

  it("keeps counters exact against a model for any sequence of calls", () => {
    const call = fc.record({
      key: fc.constantFrom("a", "b", "a|b"),
      tag: fc.constantFrom(undefined, "x", "y"),
      amount: fc.integer({ min: -5, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 200 }), (calls) => {
        const agg = new Aggregator();
        const model = new Map<string, number>();
        for (const { key, tag, amount } of calls) {
          agg.counter(key, tag === undefined ? {} : { t: tag }, amount, 1);
          const id = `${key}/${tag}`;
          model.set(id, (model.get(id) ?? 0) + amount);
        }
        const got = new Map(agg.drain().counters.map((c) => [`${c.key}/${c.tags.t}`, c.value]));
        expect(got).toEqual(model);
      }),
    );
  });

  it("keeps the last gauge value of the window", () => {
    const agg = new Aggregator();
    agg.gauge("depth", { q: "a" }, 3);
    agg.gauge("depth", { q: "a" }, -7);
    agg.gauge("depth", { q: "b" }, 1);
    expect(agg.drain().gauges.map((g) => [g.tags.q, g.value])).toEqual([
      ["a", -7],
      ["b", 1],
    ]);
  });

  it("keeps unique set members, treating 1 and '1' as one member", () => {
    const agg = new Aggregator();
    agg.set("users", {}, 1);
    agg.set("users", {}, "1");
    agg.set("users", {}, "bob");
    agg.set("users", {}, "bob");
    const [users] = agg.drain().sets;
    expect([...users!.members]).toEqual(["1", "bob"]);
  });

  it("refuses a new set member past maxSetMembers but accepts known ones", () => {
    const agg = new Aggregator({ maxSetMembers: 2 });
    expect(agg.set("s", {}, "a")).toBe(true);
    expect(agg.set("s", {}, "b")).toBe(true);
    expect(agg.set("s", {}, "c")).toBe(false);
    expect(agg.set("s", {}, "a")).toBe(true);
    const window = agg.drain();
    expect(window.overflowed).toBe(1);
    expect([...window.sets[0]!.members]).toEqual(["a", "b"]);
  });

  it("refuses new contexts past maxContexts, counting them, and keeps aggregating known ones", () => {
    const agg = new Aggregator({ maxContexts: 2 });
    expect(agg.counter("a", {}, 1, 1)).toBe(true);
    expect(agg.gauge("g", {}, 1)).toBe(true);
    expect(agg.counter("b", {}, 1, 1)).toBe(false);
    expect(agg.sample(MetricKind.Timer, "t", {}, 1, 1)).toBe(false);
    expect(agg.set("s", {}, 1)).toBe(false);
    expect(agg.counter("a", {}, 1, 1)).toBe(true);
    expect(agg.size).toBe(2);
    const window = agg.drain();
    expect(window.overflowed).toBe(3);
    expect(window.counters[0]!.value).toBe(2);
    // The next window starts empty, with room again.
    expect(agg.size).toBe(0);
    expect(agg.counter("b", {}, 1, 1)).toBe(true);
    expect(agg.drain().overflowed).toBe(0);
  });

  it("keeps every sample value under the bound, per kind, with rate 1", () => {
    const agg = new Aggregator();
    agg.sample(MetricKind.Timer, "db", { t: "u" }, 5, 1);
    agg.sample(MetricKind.Distribution, "db", { t: "u" }, 9, 1);
    agg.sample(MetricKind.Timer, "db", { t: "u" }, 7, 1);
    agg.sample(MetricKind.Distribution, "db", { t: "u" }, 11, 1);
    const { samples, sampledOut } = agg.drain();
    expect(sampledOut).toBe(0);
    expect(samples.map((s) => [s.kind, s.values, effectiveSampleRate(s)])).toEqual([
      ["timer", [5, 7], 1],
      ["distribution", [9, 11], 1],
    ]);
    // A new window starts empty for every kind, the last one sampled included.
    agg.sample(MetricKind.Distribution, "db", { t: "u" }, 13, 1);
    expect(agg.drain().samples.map((s) => [s.kind, s.values])).toEqual([["distribution", [13]]]);
  });

  it("keeps the caller's sample rate when every value had it", () => {
    const agg = new Aggregator();
    for (let i = 0; i < 10; i++) agg.sample(MetricKind.Timer, "k", {}, i, 0.25);
    const [context] = agg.drain().samples;
    expect(effectiveSampleRate(context!)).toBe(0.25);
  });

  it("samples past maxSamplesPerContext with a rate that preserves the count", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.constantFrom(1, 0.5, 0.1), { minLength: 1, maxLength: 300 }),
        (bound, rates) => {
          const agg = new Aggregator({ maxSamplesPerContext: bound });
          rates.forEach((rate, i) => agg.sample(MetricKind.Distribution, "k", {}, i, rate));
          const window = agg.drain();
          const context = window.samples[0]!;
          const expectedWeight = rates.reduce((sum, rate) => sum + 1 / rate, 0);
          expect(context.values.length).toBe(Math.min(bound, rates.length));
          expect(window.sampledOut).toBe(rates.length - context.values.length);
          expect(context.seen).toBe(rates.length);
          // What the server counts: kept values / rate = every event the window stood for.
          expect(context.values.length / effectiveSampleRate(context)).toBeCloseTo(
            expectedWeight,
            6,
          );
          // Kept values are distinct values that were offered.
          expect(new Set(context.values).size).toBe(context.values.length);
          for (const v of context.values) expect(v).toBeLessThan(rates.length);
        },
      ),
    );
  });

  it("spills a full sample context to onSpill instead of sampling, so every value is kept", () => {
    const spilled: Array<{ values: number[]; rate: number }> = [];
    const agg = new Aggregator({
      valuesPerSpill: 3,
      onSpill: (context) =>
        spilled.push({ values: [...context.values], rate: effectiveSampleRate(context) }),
    });
    for (let i = 0; i < 8; i++) agg.sample(MetricKind.Timer, "t", {}, i, i < 3 ? 1 : 0.5);
    const window = agg.drain();
    expect(spilled).toEqual([
      { values: [0, 1, 2], rate: 1 },
      { values: [3, 4, 5], rate: 0.5 },
    ]);
    expect(window.samples[0]!.values).toEqual([6, 7]);
    expect(effectiveSampleRate(window.samples[0]!)).toBe(0.5);
    expect(window.sampledOut).toBe(0);
  });

  it("fills a recycled window's value arrays, never showing their old values", () => {
    // Windows of random sizes through one aggregator, each recycled after it is read: every
    // context must come out with exactly the values it was given, in order, spilled or drained.
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer()), { maxLength: 40 }),
          {
            maxLength: 6,
          },
        ),
        (windows) => {
          const out = new Map<string, number[]>();
          const collect = (key: string, values: readonly number[]) =>
            out.set(key, [...(out.get(key) ?? []), ...values]);
          const agg = new Aggregator({
            valuesPerSpill: 4,
            onSpill: (context) => collect(context.key, context.values),
          });
          windows.forEach((calls, w) => {
            const expected = new Map<string, number[]>();
            out.clear();
            for (const [c, value] of calls) {
              const key = `w${w}.c${c}`;
              agg.sample(MetricKind.Distribution, key, {}, value, 1);
              expected.set(key, [...(expected.get(key) ?? []), value]);
            }
            const window = agg.drain();
            for (const context of window.samples) collect(context.key, context.values);
            agg.recycle(window);
            expect(out).toEqual(expected);
          });
        },
      ),
    );
  });

  it("reuses a recycled window's value arrays for new contexts, at most maxContexts of them", () => {
    const agg = new Aggregator({ maxContexts: 2 });
    const fill = () => {
      for (const key of ["a", "b"]) agg.sample(MetricKind.Distribution, key, {}, 1, 1);
      return agg.drain();
    };
    const first = fill();
    const firstArrays = first.samples.map((context) => context.values);
    const second = fill();
    agg.recycle(first);
    agg.recycle(second); // the pool already holds maxContexts arrays: these are left to the GC
    const third = fill();
    const reused = third.samples.map((context) => context.values);
    expect(new Set(reused)).toEqual(new Set(firstArrays));
    expect(third.samples.map((context) => context.values)).toEqual([[1], [1]]);
  });

  it("lets go of recycled arrays a whole window did not take, at its drain", () => {
    const agg = new Aggregator();
    agg.sample(MetricKind.Distribution, "burst", {}, 1, 1);
    const burst = agg.drain();
    const burstArray = burst.samples[0]!.values;
    agg.recycle(burst);
    agg.counter("quiet", {}, 1, 1); // a window with no sample context
    agg.recycle(agg.drain());
    agg.sample(MetricKind.Distribution, "later", {}, 2, 1);
    const [later] = agg.drain().samples;
    expect(later!.values).toEqual([2]);
    expect(later!.values).not.toBe(burstArray);
  });

  it("keeps the reservoir uniform and exact in count on recycled arrays", () => {
    const agg = new Aggregator({ maxSamplesPerContext: 3 });
    for (let i = 0; i < 10; i++) agg.sample(MetricKind.Timer, "t", {}, 100 + i, 1);
    agg.recycle(agg.drain());
    agg.sample(MetricKind.Timer, "t", {}, 7, 1);
    agg.sample(MetricKind.Timer, "t", {}, 8, 1);
    const window = agg.drain();
    expect(window.samples[0]!.values).toEqual([7, 8]);
    expect(effectiveSampleRate(window.samples[0]!)).toBe(1);
    expect(window.sampledOut).toBe(0);
  });

  it("is not changed by later mutation of the caller's tags", () => {
    const agg = new Aggregator();
    const tags: Record<string, string> = { a: "1" };
    agg.counter("k", tags, 1, 1);
    tags.a = "2";
    agg.counter("k", tags, 1, 1);
    expect(agg.drain().counters.map((c) => [c.tags.a, c.value])).toEqual([
      ["1", 1],
      ["2", 1],
    ]);
  });

  it("keeps a tag named __proto__ as a tag", () => {
    const agg = new Aggregator();
    const tags = JSON.parse('{"__proto__":"x","a":"1"}') as Record<string, string>;
    agg.counter("k", tags, 1, 1);
    const [context] = agg.drain().counters;
    expect(Object.entries(context!.tags)).toEqual([
      ["__proto__", "x"],
      ["a", "1"],
    ]);
  });

  it("rejects bad bounds at construction", () => {
    expect(() => new Aggregator({ maxContexts: 0 })).toThrow(/maxContexts/);
    expect(() => new Aggregator({ maxSamplesPerContext: 1.5 })).toThrow(/maxSamplesPerContext/);
    expect(() => new Aggregator({ maxSetMembers: Number.NaN })).toThrow(/maxSetMembers/);
  });

  it("is exact by default: 20,000 values of one context all come out, spilled or drained", () => {
    let spilled = 0;
    const agg = new Aggregator({ onSpill: (context) => (spilled += context.values.length) });
    for (let i = 0; i < 20_000; i++) agg.sample(MetricKind.Distribution, "d", {}, i, 1);
    const window = agg.drain();
    const drained = window.samples.reduce((n, s) => n + s.values.length, 0);
    expect(spilled).toBeGreaterThan(0);
    expect(spilled + drained).toBe(20_000);
    expect(window.sampledOut).toBe(0);
    expect(agg.maxSamplesPerContext).toBeUndefined();
  });

  it("without onSpill refuses a value that finds its context full, so the caller sends it", () => {
    const agg = new Aggregator({ valuesPerSpill: 2 });
    expect(agg.sample(MetricKind.Timer, "t", {}, 1, 1)).toBe(true);
    expect(agg.sample(MetricKind.Timer, "t", {}, 2, 1)).toBe(true);
    expect(agg.sample(MetricKind.Timer, "t", {}, 3, 1)).toBe(false);
    const window = agg.drain();
    expect(window.samples[0]!.values).toEqual([1, 2]);
    expect(window.overflowed).toBe(1);
  });

  it("hands counters whose sum overflowed apart, with how many calls they held", () => {
    const agg = new Aggregator();
    agg.counter("big", {}, Number.MAX_VALUE, 1);
    agg.counter("big", {}, Number.MAX_VALUE, 1);
    agg.counter("big", {}, 1, 1);
    agg.counter("fine", {}, 1, 1);
    const window = agg.drain();
    expect(window.counters.map((c) => c.key)).toEqual(["fine"]);
    expect(window.nonFinite.map((c) => [c.key, c.value, c.calls])).toEqual([
      ["big", Number.POSITIVE_INFINITY, 3],
    ]);
  });

  it("carries the unit of a context's first call", () => {
    const agg = new Aggregator();
    agg.sample(MetricKind.Distribution, "size", {}, 1, 1, "byte");
    agg.counter("c", {}, 1, 1, "request");
    agg.gauge("g", {}, 1, "percent");
    agg.set("s", {}, "a");
    const window = agg.drain();
    expect(window.samples[0]!.unit).toBe("byte");
    expect(window.counters[0]!.unit).toBe("request");
    expect(window.gauges[0]!.unit).toBe("percent");
    expect(window.sets[0]!.unit).toBeUndefined();
  });
});
