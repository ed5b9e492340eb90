// The fast paths of limitCardinality (the last key's window, the one-compare branch of a trie
// node, tag sets remembered in the order they came in) against what they must not change.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricsBackend, MetricsError, Tags } from "../src/index.js";
import { limitCardinality, OVERFLOW_TAGS } from "../src/layers.js";
import { MemoryBackend } from "../src/testing.js";

/** A layer around a MemoryBackend, its reports, and `send(key, tags)`. */
function limited(options: {
  maxTagSets: number;
  perKey?: Record<string, number>;
  windowMs?: number;
}) {
  const memory = new MemoryBackend();
  const errors: MetricsError[] = [];
  const backend = limitCardinality(memory, { ...options, onError: (e) => errors.push(e) });
  const send = (key: string, tags: Tags) => backend.incr(key, 1, tags, 1, undefined);
  /** Whether each call went out under its own tags (true) or as overflow (false). */
  const passed = () => memory.records.map((r) => r.tags.metric_overflow === undefined);
  return { memory, errors, backend, send, passed };
}

describe("limitCardinality() fast paths", () => {
  it("keeps keys apart when they alternate call by call", async () => {
    const { errors, backend, send, passed } = limited({ maxTagSets: 2, perKey: { b: 3 } });
    for (const id of ["1", "2", "3", "4"]) {
      send("a", { id });
      send("b", { id });
    }
    send("a", { id: "1" });
    send("b", { id: "3" });
    expect(passed()).toEqual([true, true, true, true, false, true, false, false, true, true]);
    expect(errors.map((e) => e.key)).toEqual(["a", "b"]);
    await backend.close();
  });

  it("reads a tags object mutated between calls afresh", async () => {
    const { send, passed, memory, backend } = limited({ maxTagSets: 1 });
    const tags: Record<string, string> = { route: "/a", method: "GET" };
    send("k", tags);
    tags.route = "/b";
    send("k", tags);
    tags.route = "/a";
    send("k", tags);
    tags.extra = "x";
    send("k", tags);
    delete tags.extra;
    tags.method = "POST";
    send("k", tags);
    expect(passed()).toEqual([true, false, true, false, false]);
    expect(memory.records[1]!.tags).toEqual(OVERFLOW_TAGS);
    await backend.close();
  });

  it("tells apart sets that share a value where a node had only one, and sets that prefix others", async () => {
    const { send, passed, backend } = limited({ maxTagSets: 3 });
    send("k", { route: "/a", method: "GET" });
    send("k", { route: "/b", method: "GET" });
    send("k", { route: "/a", method: "POST" }); // a second value under route /a
    send("k", { route: "/a" }); // a prefix of an admitted path: a set of its own
    send("k", { route: "/a", method: "GET", status: "200" }); // an admitted path continued
    send("k", { route: "/a", method: "GET" });
    send("k", { route: "/a", method: "POST" });
    send("k", { route: "/b", method: "GET" });
    expect(passed()).toEqual([true, true, true, false, false, true, true, true]);
    await backend.close();
  });

  it("counts a set once whichever order came first, and passes every order of it", async () => {
    const { send, passed, backend } = limited({ maxTagSets: 1 });
    send("k", { c: "3", a: "1", b: "2" }); // not in names order
    send("k", { a: "1", b: "2", c: "3" });
    const orders = [
      ["a", "b", "c", "d"],
      ["d", "c", "b", "a"],
    ];
    for (const names of orders) send("k", Object.fromEntries(names.map((n) => [n, n])));
    // Every permutation of the 3 admitted names passes, however many orders are remembered.
    for (const [x, y, z] of [
      ["a", "c", "b"],
      ["b", "a", "c"],
      ["b", "c", "a"],
      ["c", "b", "a"],
      ["c", "a", "b"],
    ]) {
      const values: Record<string, string> = { a: "1", b: "2", c: "3" };
      send("k", { [x!]: values[x!]!, [y!]: values[y!]!, [z!]: values[z!]! });
    }
    expect(passed()).toEqual([true, true, false, false, true, true, true, true, true]);
    await backend.close();
  });

  it("treats names and values that mean something to objects as plain strings", async () => {
    const { send, passed, backend } = limited({ maxTagSets: 4 });
    const tricky = [
      { x: "__proto__" },
      { x: "constructor" },
      JSON.parse('{"__proto__": "x"}') as Tags,
      { toString: "x" },
    ];
    for (const tags of [...tricky, ...tricky]) send("k", tags);
    send("k", { x: "hasOwnProperty" });
    expect(passed()).toEqual([true, true, true, true, true, true, true, true, false]);
    await backend.close();
  });

  it("starts the last key's window afresh when the window rolls over", async () => {
    const { send, passed, errors, backend } = limited({ maxTagSets: 1, windowMs: 30 });
    const first = { id: "1" };
    send("k", first);
    send("k", { id: "2" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    send("k", { id: "2" }); // the cached key now meets a new window
    send("k", first);
    expect(passed()).toEqual([true, false, true, false]);
    expect(errors.map((e) => e.key)).toEqual(["k", "k"]);
    await backend.close();
  });

  it("lets through exactly what a plain model of the contract lets through (random calls)", () => {
    // A small space (3 keys, 4 names, 3 values, any order, mutated objects reused), so that
    // sets repeat, come in new orders and overflow.
    checkAgainstModel(fc.constantFrom("1", "2", "3"), 120, 300);
  });

  it("matches the model when a runaway tag turns a node's values into a Map (64 misses past the cap)", () => {
    // Half the values from 200 (the runaway tag), half from 2, so admitted sets keep coming back.
    const value = fc.oneof(fc.constantFrom("1", "2"), fc.integer({ min: 0, max: 199 }).map(String));
    checkAgainstModel(value, 600, 40);
  });

  it("keeps admitted sets passing, in any order, after a runaway tag", async () => {
    const { send, passed, memory, errors, backend } = limited({ maxTagSets: 2 });
    send("k", { user: "a", region: "eu" });
    send("k", { region: "eu", user: "b" });
    for (let i = 0; i < 500; i++) send("k", { user: `u${i}`, region: "eu" });
    for (let i = 0; i < 500; i++) send("k", { region: "eu", user: `v${i}` });
    memory.clear();
    send("k", { user: "a", region: "eu" });
    send("k", { region: "eu", user: "a" });
    send("k", { user: "b", region: "eu" });
    send("k", { region: "eu", user: "b" });
    send("k", { user: "c", region: "eu" });
    send("k", { region: "us", user: "a" });
    expect(passed()).toEqual([true, true, true, true, false, false]);
    expect(errors).toHaveLength(1);
    await backend.close();
  });
});

/**
 * Random calls through the layer against a plain model of the contract: per key, a Set of the
 * admitted sets' sorted pairs, at most `cap` of them; one report per key.
 */
function checkAgainstModel(value: fc.Arbitrary<string>, maxCalls: number, numRuns: number): void {
  const name = fc.constantFrom("a", "b", "c", "d");
  const tagSet = fc.uniqueArray(fc.tuple(name, value), {
    selector: ([n]) => n,
    maxLength: 4,
  });
  const call = fc.record({
    key: fc.constantFrom("k1", "k2", "k3"),
    pairs: tagSet,
    reuse: fc.boolean(),
  });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.array(call, { maxLength: maxCalls, size: "max" }),
      (cap, calls) => {
        const memory = new MemoryBackend();
        const errors: string[] = [];
        const backend: MetricsBackend = limitCardinality(memory, {
          maxTagSets: cap,
          onError: (e) => errors.push(e.key!),
        });
        const admitted = new Map<string, Set<string>>();
        const expected: boolean[] = [];
        const expectedErrors: string[] = [];
        const shared: Record<string, string> = {};
        for (const { key, pairs, reuse } of calls) {
          // A reused object is emptied and refilled: the same object, other contents.
          let tags: Record<string, string> = {};
          if (reuse) {
            for (const n of Object.keys(shared)) delete shared[n];
            tags = shared;
          }
          for (const [n, v] of pairs) tags[n] = v;
          const canonical = JSON.stringify([...pairs].sort(([x], [y]) => (x < y ? -1 : 1)));
          const sets = admitted.get(key) ?? new Set<string>();
          admitted.set(key, sets);
          if (sets.has(canonical) || sets.size < cap) {
            sets.add(canonical);
            expected.push(true);
          } else {
            if (!expectedErrors.includes(key)) expectedErrors.push(key);
            expected.push(false);
          }
          backend.incr(key, 1, tags, 1, undefined);
        }
        void backend.close();
        // The generated names never include metric_overflow: it marks the overflow alone.
        const got = memory.records.map((r) => r.tags.metric_overflow === undefined);
        return (
          JSON.stringify(got) === JSON.stringify(expected) &&
          JSON.stringify(errors) === JSON.stringify(expectedErrors)
        );
      },
    ),
    { numRuns },
  );
}
