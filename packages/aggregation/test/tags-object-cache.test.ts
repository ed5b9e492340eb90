import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContextStore } from "../src/context-store.js";
import { TagsObjectCache } from "../src/tags-object-cache.js";

interface Counted {
  key: string;
  tags: Record<string, string>;
  calls: number;
}

function record(store: ContextStore<Counted>, key: string, tags: Record<string, string>): void {
  const found = store.find(key, tags);
  if (found) found.calls++;
  else store.addFound({ key, tags: { ...tags }, calls: 1 });
}

describe("TagsObjectCache", () => {
  it("finds what it remembered for the same object and key only", () => {
    const cache = new TagsObjectCache<string>();
    const tags = { a: "1" };
    cache.remember("k", tags, "ctx-k");
    cache.remember("k2", tags, "ctx-k2");
    expect(cache.get("k", tags)).toBe("ctx-k");
    expect(cache.get("k2", tags)).toBe("ctx-k2");
    expect(cache.get("k3", tags)).toBeUndefined();
    expect(cache.get("k", { a: "1" })).toBeUndefined();
  });

  it("misses, and stops remembering, once the object holds something else", () => {
    const cache = new TagsObjectCache<string>();
    const tags: Record<string, string> = { a: "1", b: "2" };
    cache.remember("k", tags, "ctx");
    tags.b = "3";
    expect(cache.get("k", tags)).toBeUndefined();
    tags.b = "2";
    expect(cache.get("k", tags)).toBeUndefined();
    cache.remember("k", tags, "ctx");
    expect(cache.get("k", tags)).toBeUndefined();
  });

  it("misses when a tag was added, removed, renamed or re-added in another order", () => {
    for (const change of [
      (t: Record<string, string>) => {
        t.c = "3";
      },
      (t: Record<string, string>) => {
        delete t.b;
      },
      (t: Record<string, string>) => {
        delete t.b;
        t.c = "2";
      },
      (t: Record<string, string>) => {
        delete t.a;
        t.a = "1";
      },
    ]) {
      const cache = new TagsObjectCache<string>();
      const tags: Record<string, string> = { a: "1", b: "2" };
      cache.remember("k", tags, "ctx");
      change(tags);
      expect(cache.get("k", tags)).toBeUndefined();
    }
  });

  it("switches itself off when callers do not reuse their objects, until hits earn it back", () => {
    const cache = new TagsObjectCache<string>();
    const tags = { a: "1" };
    cache.remember("k", tags, "ctx");
    for (let i = 0; i < 999; i++) cache.notReused();
    expect(cache.get("k", tags)).toBe("ctx");
    cache.notReused();
    cache.notReused();
    expect(cache.enabled).toBe(false);
    expect(cache.get("k", tags)).toBeUndefined();
  });

  it("ignores tags that are not objects", () => {
    const cache = new TagsObjectCache<string>();
    const none = undefined as unknown as Record<string, string>;
    expect(() => cache.remember("k", none, "ctx")).not.toThrow();
    expect(cache.get("k", none)).toBeUndefined();
  });
});

describe("ContextStore with reused and mutated tags objects", () => {
  it("counts like a fresh object per call, whatever the caller reuses or mutates", () => {
    const names = ["a", "b", "c"];
    // Mostly calls: an object must be found a few times in a row before it is remembered.
    const op = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          call: fc.constant(true as const),
          object: fc.nat(2),
          key: fc.constantFrom("k", "k2"),
        }),
      },
      fc.record({
        set: fc.constant(true as const),
        object: fc.nat(2),
        name: fc.constantFrom(...names),
        value: fc.constantFrom("1", "2"),
      }),
      fc.record({
        remove: fc.constant(true as const),
        object: fc.nat(2),
        name: fc.constantFrom(...names),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const objects: Record<string, string>[] = [{ a: "1" }, { a: "1", b: "2" }, {}];
        const store = new ContextStore<Counted>();
        const model = new Map<string, number>();
        for (const o of ops) {
          const tags = objects[o.object]!;
          if ("call" in o) {
            record(store, o.key, tags);
            const id = JSON.stringify([o.key, Object.entries(tags).sort()]);
            model.set(id, (model.get(id) ?? 0) + 1);
          } else if ("set" in o) {
            tags[o.name] = o.value;
          } else {
            delete tags[o.name];
          }
        }
        const got = new Map(
          store.contexts.map((c) => [
            JSON.stringify([c.key, Object.entries(c.tags).sort()]),
            c.calls,
          ]),
        );
        expect(got).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });

  it("counts exactly with a new tags object per call, the cache switched off", () => {
    const store = new ContextStore<Counted>();
    for (let i = 0; i < 5000; i++) record(store, `k${i % 3}`, { route: `r${i % 7}` });
    expect(store.contexts.length).toBe(21);
    expect(store.contexts.reduce((sum, c) => sum + c.calls, 0)).toBe(5000);
  });

  it("keeps one object's contexts apart across keys, and after a mutation in between", () => {
    const store = new ContextStore<Counted>();
    const tags: Record<string, string> = { route: "a" };
    for (let i = 0; i < 3; i++) {
      record(store, "k", tags);
      record(store, "k2", tags);
    }
    tags.route = "b";
    for (let i = 0; i < 3; i++) record(store, "k", tags);
    tags.route = "a";
    record(store, "k", tags);
    expect(store.contexts.map((c) => [c.key, c.tags.route, c.calls])).toEqual([
      ["k", "a", 4],
      ["k2", "a", 3],
      ["k", "b", 3],
    ]);
  });
});
