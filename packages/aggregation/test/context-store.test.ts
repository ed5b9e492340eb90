import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContextStore } from "../src/context-store.js";

interface Counted {
  key: string;
  tags: Record<string, string>;
  unit: undefined;
  calls: number;
}

function record(store: ContextStore<Counted>, key: string, tags: Record<string, string>): void {
  const found = store.find(key, tags);
  if (found) found.calls++;
  else store.addFound({ key, tags, unit: undefined, calls: 1 });
}

describe("ContextStore", () => {
  it("finds one context per key and tag set, whatever the order of the tags", () => {
    const entry = fc.tuple(
      fc.constantFrom("a", "b", "c", "a|b", ""),
      fc.constantFrom("1", "2", ""),
    );
    const call = fc.record({
      key: fc.constantFrom("k", "k2", ""),
      tags: fc.uniqueArray(entry, { selector: ([name]) => name, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 150 }), (calls) => {
        const store = new ContextStore<Counted>();
        const model = new Map<string, number>();
        for (const { key, tags } of calls) {
          record(store, key, Object.fromEntries(tags));
          const id = JSON.stringify([key, [...tags].sort()]);
          model.set(id, (model.get(id) ?? 0) + 1);
        }
        const got = new Map(
          store.contexts.map((c) => [
            JSON.stringify([c.key, Object.entries(c.tags).sort()]),
            c.calls,
          ]),
        );
        expect(got).toEqual(model);
      }),
    );
  });

  it("keeps apart tag sets that share a prefix or differ only in a value", () => {
    const store = new ContextStore<Counted>();
    const sets: Record<string, string>[] = [
      {},
      { a: "1" },
      { a: "1", b: "2" },
      { a: "1", b: "3" },
      { b: "2", a: "1" },
      { a: "2" },
    ];
    for (const tags of sets) record(store, "k", tags);
    expect(store.contexts.map((c) => [c.tags, c.calls])).toEqual([
      [{}, 1],
      [{ a: "1" }, 1],
      [{ a: "1", b: "2" }, 2],
      [{ a: "1", b: "3" }, 1],
      [{ a: "2" }, 1],
    ]);
  });
});
