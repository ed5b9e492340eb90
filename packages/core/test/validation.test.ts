import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  configure,
  distribution,
  gauge,
  incr,
  type MetricsBackend,
  set,
  time,
  timer,
  timing,
  withTags,
  wraps,
} from "../src/index.js";
import { state } from "../src/slot/global-state.js";
import { MemoryBackend } from "../src/testing.js";
import { useMemory } from "./setup.js";

describe("validation on the hot path", () => {
  it("drops non-finite values, empty keys and bad rates, reporting each once per key", () => {
    const { memory, errors } = useMemory();
    for (let i = 0; i < 3; i++) {
      gauge("g", Number.NaN);
      distribution("d", Number.POSITIVE_INFINITY);
      incr("c", "5" as never);
      incr("", 1);
      timing("t", 1, { sampleRate: 0 });
      timing("t2", 1, { sampleRate: 2 });
      set("s", {} as never);
    }
    expect(memory.records).toEqual([]);
    expect(errors.map((e) => [e.code, e.key])).toEqual([
      ["invalid_value", "g"],
      ["invalid_value", "d"],
      ["invalid_value", "c"],
      ["invalid_key", ""],
      ["invalid_sample_rate", "t"],
      ["invalid_sample_rate", "t2"],
      ["invalid_value", "s"],
    ]);
  });

  it("drops a tag whose value is not a string, number or boolean, keeps the metric, reports once", () => {
    const { memory, errors } = useMemory();
    incr("k", { tags: { ok: "yes", bad: { nested: 1 } as never, fn: (() => 1) as never } });
    incr("k", { tags: { bad: [] as never } });
    expect(memory.records.map((r) => r.tags)).toEqual([{ ok: "yes" }, {}]);
    expect(errors.map((e) => e.code)).toEqual(["invalid_tag"]);
  });

  it("keeps `__proto__` and `constructor` as ordinary tags", () => {
    const { memory } = useMemory();
    const tags = JSON.parse('{"__proto__": "p", "constructor": "c", "toString": "t"}');
    incr("k", { tags });
    const recorded = memory.records[0]!.tags;
    expect(Object.getPrototypeOf(recorded)).toBe(Object.prototype);
    expect(Object.keys(recorded).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(recorded.constructor).toBe("c");
  });

  // Including objects without a prototype, whose String() throws, and boxed primitives.
  const anything = fc.anything({ withNullPrototype: true, withBoxedValues: true });
  const key = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.constant("__proto__"),
    fc.constant("x".repeat(10_240)),
    anything,
  );
  const tagValue = fc.oneof(
    fc.string(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    anything,
  );
  const tags = fc.oneof(
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "", "x".repeat(10_240))),
      tagValue,
    ),
    anything,
  );
  const options = fc.oneof(
    fc.record(
      {
        tags,
        sampleRate: fc.oneof(fc.double(), fc.constant(undefined)),
        unit: anything,
        instance: anything,
        amount: anything,
      },
      { requiredKeys: [] },
    ),
    anything,
  );
  const value = fc.oneof(fc.double(), fc.integer(), fc.string(), anything);

  function hostileBackends(): MetricsBackend[] {
    const throwing = new Proxy({} as MetricsBackend, {
      get: () => () => {
        throw new Error("backend exploded");
      },
    });
    const halfClosed = {
      incr: undefined,
      gauge: null,
      flush: async () => {},
      close: async () => {},
    } as unknown as MetricsBackend;
    const closed = new MemoryBackend({ onError: () => {} });
    void closed.close();
    return [new MemoryBackend({ onError: () => {} }), throwing, halfClosed, closed];
  }

  it("never throws into the caller, whatever the input or the backend (property)", () => {
    const errors: unknown[] = [];
    configure({ onError: (error) => errors.push(error) });
    const backends = hostileBackends();
    fc.assert(
      fc.property(fc.nat(backends.length - 1), key, value, options, (which, k, v, o) => {
        // configure() validates its backend; the hot path must survive ones that broke later.
        configureUnchecked(backends[which]!);
        incr(k as string, v as number, o as never);
        incr(k as string, o as never);
        gauge(k as string, v as number, o as never);
        distribution(k as string, v as number, o as never);
        timing(k as string, v as number, o as never);
        set(k as string, v as string, o as never);
        timer(k as string, o as never).stop();
        expect(time(k as string, () => 7, o as never)).toBe(7);
        expect(wraps(k as string, o as never)((x: number) => x + 1)(1)).toBe(2);
        expect(withTags(o as never, () => 3)).toBe(3);
      }),
      { numRuns: 400 },
    );
  });

  it("survives keys, values, rates and thrown errors that cannot be turned into text", () => {
    const { errors } = useMemory();
    const bare = Object.create(null);
    expect(() => {
      incr(bare, 1);
      gauge("k", bare);
      timing("k", 1, { sampleRate: bare, instance: bare });
      time(bare, () => 1);
    }).not.toThrow();
    configureUnchecked({
      ...new MemoryBackend(),
      incr() {
        throw bare;
      },
    } as unknown as MetricsBackend);
    expect(() => incr("throws.bare", 1)).not.toThrow();
    expect(errors.map((e) => e.code)).toEqual([
      "invalid_key",
      "invalid_value",
      "invalid_sample_rate",
      "backend_error",
    ]);
  });

  it("reports a throwing backend through onError instead of throwing", () => {
    const { errors } = useMemory();
    configureUnchecked({
      ...new MemoryBackend(),
      incr() {
        throw new Error("socket gone");
      },
    } as unknown as MetricsBackend);
    expect(() => incr("k")).not.toThrow();
    expect(errors[0]?.code).toBe("backend_error");
    expect(String(errors[0]?.cause)).toContain("socket gone");
  });

  it("survives an onError handler that throws", () => {
    useMemory();
    configure({
      onError: () => {
        throw new Error("handler broken");
      },
    });
    expect(() => gauge("k", Number.NaN)).not.toThrow();
  });
});

/** Installs a backend without configure()'s checks, as if it broke after being configured. */
function configureUnchecked(backend: MetricsBackend): void {
  state.backend = backend;
}
