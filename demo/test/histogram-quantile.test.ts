/**
 * The percentiles the demo shows for Prometheus and OpenTelemetry come from histogram buckets,
 * estimated as Prometheus's histogram_quantile() does.
 */
import { describe, expect, it } from "vitest";
import { histogramQuantile, mergeBuckets } from "../src/histogram-quantile.js";

const INF = Number.POSITIVE_INFINITY;

describe("histogramQuantile", () => {
  it("interpolates linearly inside the bucket the rank falls in", () => {
    // 2 values ≤ 0.1, 4 more in (0.1, 0.25]: the median (rank 3) is 1/4 into the second bucket.
    expect(
      histogramQuantile(0.5, [
        [0.1, 2],
        [0.25, 6],
        [INF, 6],
      ]),
    ).toBeCloseTo(0.1375);
    expect(
      histogramQuantile(0.9, [
        [0.1, 2],
        [0.25, 6],
        [INF, 6],
      ]),
    ).toBeCloseTo(0.2275);
  });

  it("starts the first bucket at 0", () => {
    expect(
      histogramQuantile(0.5, [
        [0.005, 10],
        [0.01, 10],
        [INF, 10],
      ]),
    ).toBeCloseTo(0.0025);
  });

  it("gives the largest finite bound for a rank in the +Inf bucket, nothing for no values", () => {
    expect(
      histogramQuantile(0.9, [
        [1, 1],
        [2, 2],
        [INF, 10],
      ]),
    ).toBe(2);
    expect(
      histogramQuantile(0.5, [
        [1, 0],
        [INF, 0],
      ]),
    ).toBeUndefined();
    expect(histogramQuantile(0.5, [])).toBeUndefined();
  });

  it("takes buckets in any order", () => {
    expect(
      histogramQuantile(0.5, [
        [INF, 6],
        [0.25, 6],
        [0.1, 2],
      ]),
    ).toBeCloseTo(0.1375);
  });
});

describe("mergeBuckets", () => {
  it("adds the cumulative counts of each bound", () => {
    expect(
      mergeBuckets([
        [
          [1, 2],
          [INF, 3],
        ],
        [
          [1, 1],
          [INF, 1],
        ],
        [],
      ]),
    ).toEqual([
      [1, 3],
      [INF, 4],
    ]);
  });
});
