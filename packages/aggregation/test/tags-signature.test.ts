import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tagsSignature } from "../src/index.js";

const tagRecord = fc.dictionary(fc.string(), fc.string(), { maxKeys: 5 });

function shuffled(tags: Record<string, string>, seed: number): Record<string, string> {
  const entries = Object.entries(tags);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = (seed * (i + 7)) % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

describe("tagsSignature", () => {
  it("is empty for no tags", () => {
    expect(tagsSignature({})).toBe("");
  });

  it("does not depend on the order of the tags", () => {
    fc.assert(
      fc.property(tagRecord, fc.nat(), (tags, seed) => {
        expect(tagsSignature(shuffled(tags, seed))).toBe(tagsSignature(tags));
      }),
    );
  });

  it("differs for different tag sets, whatever characters they hold", () => {
    const tricky = fc.constantFrom("", ":", "1:", "|", "0:", "a", "1:a1:b|", "=", ",");
    const value = fc.oneof(fc.string(), tricky);
    const record = fc.dictionary(value, value, { maxKeys: 3 });
    fc.assert(
      fc.property(record, record, (a, b) => {
        const same =
          Object.keys(a).length === Object.keys(b).length &&
          Object.entries(a).every(([k, v]) => Object.hasOwn(b, k) && b[k] === v);
        expect(tagsSignature(a) === tagsSignature(b)).toBe(same);
      }),
    );
  });

  it("separates a boundary forged inside a value", () => {
    expect(tagsSignature({ a: "b1:c1:d" })).not.toBe(tagsSignature({ a: "b", c: "d" }));
  });
});
