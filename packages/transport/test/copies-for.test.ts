import type { MetricsError } from "@metrics/core";
import { describe, expect, it } from "vitest";
import { cappedCopies, copiesFor, MAX_COPIES, TransportErrors } from "../src/index.js";

describe("copiesFor", () => {
  it("stands for 1/rate values, rounded at random so the expected count is exact", () => {
    expect(copiesFor(1)).toBe(1);
    expect(copiesFor(0.25)).toBe(4);
    expect(copiesFor(0.3, () => 0.2)).toBe(4); // 1/0.3 = 3.33: 4 with probability 1/3
    expect(copiesFor(0.3, () => 0.5)).toBe(3);
    let total = 0;
    for (let i = 0; i < 30_000; i++) total += copiesFor(0.3);
    expect(total / 30_000).toBeCloseTo(1 / 0.3, 1);
  });
});

describe("cappedCopies", () => {
  it("caps a tiny rate at MAX_COPIES and reports exactly the copies past it", () => {
    const errors: MetricsError[] = [];
    const reporter = new TransportErrors({
      onError: (e) => errors.push(e),
      intervalMs: 0,
      source: "test",
    });
    expect(cappedCopies(0.5, "k", reporter)).toBe(2);
    expect(errors).toEqual([]);
    // 2^-17 is exact in binary: 131,072 copies, never rounded at random.
    expect(cappedCopies(2 ** -17, "k", reporter)).toBe(MAX_COPIES);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "dropped", key: "k", dropped: 131_072 - MAX_COPIES });
  });
});
