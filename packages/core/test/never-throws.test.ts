import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addGlobalTags,
  close,
  configure,
  distribution,
  event,
  flush,
  gauge,
  getBackend,
  incr,
  type MetricsBackend,
  MetricsError,
  metricContext,
  set,
  time,
  timer,
  timing,
  withTags,
  wraps,
} from "../src/index.js";
import { noopBackend, state } from "../src/slot/global-state.js";
import { MemoryBackend } from "../src/testing.js";

/** The error a caller's own function throws: the only one `time`, `wraps`, `withTags` may rethrow. */
class CallersOwn extends Error {}

const trap = () => {
  throw new Error("trap");
};

/** A Proxy whose every trap throws; calling it is running the caller's own code. */
function throwingProxy<T extends object>(target: T): T {
  return new Proxy(target, {
    get: trap,
    has: trap,
    ownKeys: trap,
    getOwnPropertyDescriptor: trap,
    getPrototypeOf: trap,
    set: trap,
    defineProperty: trap,
    apply: () => {
      throw new CallersOwn();
    },
  });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An object whose getters throw for the given property names. */
function throwingGetters(names: string[]): object {
  const object = {};
  for (const name of names) Object.defineProperty(object, name, { get: trap, enumerable: true });
  return object;
}

/** A promise whose own `then` getter throws. */
function promiseWithThrowingThen(): Promise<number> {
  const promise = Promise.resolve(1);
  // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what is tested
  Object.defineProperty(promise, "then", { get: trap });
  return promise;
}

/** A real promise whose `constructor` getter throws (read by `Promise.resolve`). */
function promiseWithThrowingConstructor(): Promise<number> {
  const promise = Promise.resolve(1);
  Object.defineProperty(promise, "constructor", { get: trap });
  return promise;
}

const HUGE = "x".repeat(1_000_000);

/**
 * A hostile value, built only when the property runs: fast-check inspects what it generates
 * (and would itself trip over a throwing Proxy), so arbitraries produce these recipes instead.
 */
class Make {
  constructor(readonly make: () => unknown) {}
}
const made = (make: () => unknown) => fc.constant(new Make(make));
const plain = (value: fc.Arbitrary<unknown>) => value.map((v) => new Make(() => v));

/** Builds the values a recipe stands for: `Make`s, and records or dictionaries of them. */
function build(recipe: unknown): unknown {
  if (recipe instanceof Make) return recipe.make();
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(recipe as object)) {
    Object.defineProperty(out, name, { value: build(value), enumerable: true, writable: true });
  }
  return out;
}

/** Every hostile value. */
const hostile = fc.oneof(
  plain(
    fc.constantFrom(
      Number.NaN,
      -0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_VALUE,
      10n ** 30n,
      Symbol("s"),
      HUGE,
      "",
      "__proto__",
      "3",
      null,
      undefined,
    ),
  ),
  made(() => Object.create(null)),
  made(() => throwingProxy({})),
  made(() => throwingProxy(() => 1)),
  made(revokedProxy),
  made(() => throwingGetters(["tags", "sampleRate", "unit", "instance", "amount", "then", "a"])),
  // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what is tested
  made(() => ({ then: 1 })),
  made(() => throwingGetters(["then"])),
  made(promiseWithThrowingThen),
  made(promiseWithThrowingConstructor),
  plain(fc.anything({ withNullPrototype: true, withBoxedValues: true, withBigInt: true })),
);

const key = fc.oneof(plain(fc.string()), plain(fc.constantFrom("k", "__proto__", HUGE)), hostile);
const number = fc.oneof(plain(fc.double()), plain(fc.integer()), hostile);
const tags = fc.oneof(
  fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("__proto__", "")), hostile),
  fc.dictionary(fc.string(), plain(fc.string())),
  made(() => throwingGetters(["a", "b"])),
  hostile,
);
const options = fc.oneof(
  fc.record(
    {
      tags,
      sampleRate: fc.oneof(plain(fc.double()), hostile),
      unit: fc.oneof(plain(fc.string()), hostile),
      instance: hostile,
      amount: number,
      alertType: fc.oneof(plain(fc.constantFrom("error", "warn")), hostile),
      priority: hostile,
      timestamp: fc.oneof(plain(fc.date({ noInvalidDate: false })), hostile),
      hostname: hostile,
    },
    { requiredKeys: [] },
  ),
  made(() => throwingGetters(["tags", "sampleRate", "unit", "instance", "amount"])),
  hostile,
);
/** What `time`, `wraps` and `withTags` run: functions returning hostile values, or not functions. */
const callback = fc.oneof(
  hostile.map((value) => new Make(() => () => build(value))),
  made(() => () => {
    throw new CallersOwn();
  }),
  hostile,
);

/** Where an escaped error came from, for the failure message. */
function where(error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  return stack.split("\n").slice(0, 4).join(" | ") || typeof error;
}

function hostileBackends(): MetricsBackend[] {
  const closed = new MemoryBackend({ onError: () => {} });
  void closed.close();
  return [
    new MemoryBackend({ onError: () => {}, maxRecords: 100 }),
    throwingProxy({}) as MetricsBackend,
    { incr: 1, flush: async () => {}, close: async () => {} } as unknown as MetricsBackend,
    closed,
    noopBackend,
  ];
}

describe("no facade call ever throws (property)", () => {
  // ~115,000 calls take ~11 s alone and several times that beside other suites on 2 cores.
  it("survives 100,000+ calls with hostile input, hostile backends and hostile handlers", {
    timeout: 120_000,
  }, () => {
    const backends = hostileBackends();
    let calls = 0;
    const escaped: unknown[] = [];
    /** Calls one facade function; anything it throws but the caller's own error escaped. */
    const attempt = (call: string, fn: () => unknown): unknown => {
      calls++;
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof CallersOwn)) escaped.push(`${call}: ${where(error)}`);
        return undefined;
      }
    };
    configure({ onError: () => {}, prefix: "fuzz" });
    fc.assert(
      fc.property(
        fc.nat(backends.length - 1),
        key,
        number,
        options,
        callback,
        fc.boolean(),
        (which, kRecipe, valueRecipe, oRecipe, fnRecipe, throwingHandler) => {
          const [k, value, o, fn] = [kRecipe, valueRecipe, oRecipe, fnRecipe].map(build);
          // configure() validates its backend; the hot path must survive ones that broke later.
          state.backend = backends[which]!;
          state.onError = throwingHandler ? trap : () => {};
          const run = () => {
            attempt("incr", () => incr(k as string, value as number, o as never));
            attempt("incr", () => incr(k as string, o as never));
            attempt("gauge", () => gauge(k as string, value as number, o as never));
            attempt("distribution", () => distribution(k as string, value as number, o as never));
            attempt("timing", () => timing(k as string, value as number, o as never));
            attempt("set", () => set(k as string, value as string, o as never));
            attempt("timer", () => timer(k as string, o as never).stop());
            attempt("timer", () => timer(k as string, o as never)[Symbol.dispose]());
            attempt("time", () => time(k as string, fn as never, o as never));
            attempt("wraps", () => wraps(k as string, o as never)(fn as never));
            const wrapped = attempt("wraps", () => wraps(k as string, o as never)(() => value)) as
              | (() => unknown)
              | undefined;
            attempt("wrapped?.", () => wrapped?.());
            attempt("wraps", () => wraps(k as string)({}, "method", o as never));
            attempt("event", () => event(k as string, value as string, o as never));
            attempt("event", () => event("title", "text", o as never));
            attempt("metricContext", () => metricContext(k as string, o as never));
            attempt("addGlobalTags", () => addGlobalTags(o as never));
            attempt("getBackend", () => getBackend());
            attempt("withTags", () => withTags(o as never, fn as never));
          };
          attempt("withTags", () => withTags(o as never, run));
          state.globalTags = state.emptyTags;
        },
      ),
      { numRuns: 5_500 },
    );
    state.onError = () => {};
    expect(calls).toBeGreaterThanOrEqual(100_000);
    expect([...new Set(escaped)].slice(0, 10)).toEqual([]);
  });

  it("flush() and close() resolve whatever the backend does", async () => {
    const errors: unknown[] = [];
    configure({ onError: (error) => errors.push(error) });
    for (const backend of hostileBackends()) {
      state.backend = backend;
      await expect(flush()).resolves.toBeUndefined();
      state.backend = backend;
      await expect(close()).resolves.toBeUndefined();
    }
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it("configure() throws nothing but a MetricsError naming the option", () => {
    let calls = 0;
    const wrong: unknown[] = [];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record(
            {
              backend: hostile,
              prefix: hostile,
              sampleRate: hostile,
              globalTags: tags,
              onError: hostile,
            },
            { requiredKeys: [] },
          ),
          hostile,
        ),
        (recipe) => {
          calls++;
          try {
            configure(build(recipe) as never);
          } catch (error) {
            if (!(error instanceof MetricsError && error.code === "invalid_option")) {
              wrong.push(error);
            }
          }
          configure({ backend: noopBackend, prefix: "", globalTags: {}, onError: () => {} });
        },
      ),
      { numRuns: 2_000 },
    );
    expect(calls).toBe(2_000);
    expect(wrong).toEqual([]);
  });
});
