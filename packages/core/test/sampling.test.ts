import { describe, expect, it } from "vitest";
import { configure, incr } from "../src/index.js";
import { useMemory } from "./setup.js";

/** Kept samples must fall within 5 standard deviations of n·p (a false alarm about 1 in 1.7 million). */
function expectBinomial(kept: number, n: number, p: number): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(kept - n * p)).toBeLessThan(5 * sigma);
}

describe("sampling", () => {
  it("keeps a sample with probability sampleRate and tells the backend the rate", () => {
    const { memory } = useMemory();
    const n = 40_000;
    for (let i = 0; i < n; i++) incr("sampled", { sampleRate: 0.25 });
    expectBinomial(memory.records.length, n, 0.25);
    expect(new Set(memory.records.map((r) => r.sampleRate))).toEqual(new Set([0.25]));
    // The estimate the server makes (count / rate) is unbiased.
    const estimate = memory.records.reduce((sum, r) => sum + (r.value as number) / r.sampleRate, 0);
    expect(Math.abs(estimate - n) / n).toBeLessThan(0.05);
  });

  it("multiplies the process-wide rate with the call's own", () => {
    const { memory } = useMemory();
    configure({ sampleRate: 0.5 });
    const n = 40_000;
    for (let i = 0; i < n; i++) incr("sampled", { sampleRate: 0.5 });
    expectBinomial(memory.records.length, n, 0.25);
    expect(memory.records.every((r) => r.sampleRate === 0.25)).toBe(true);
  });

  it("keeps everything at rate 1", () => {
    const { memory } = useMemory();
    for (let i = 0; i < 1000; i++) incr("all", { sampleRate: 1 });
    expect(memory.records).toHaveLength(1000);
  });
});
