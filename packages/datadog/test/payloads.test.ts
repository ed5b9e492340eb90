import { describe, expect, it } from "vitest";
import { bodyOf, halve, type PackedPayload, packPayloads } from "../src/encoding/pack-payloads.js";
import type { DistributionItem, SeriesItem } from "../src/encoding/wire-types.js";

const series = (i: number): SeriesItem => ({
  metric: `m.${i}`,
  type: 3,
  points: [{ timestamp: 1_700_000_000, value: i }],
  tags: [`i:${i}`],
});

const itemsOf = (payload: PackedPayload) => JSON.parse(bodyOf(payload)).series;

const distribution = (values: number[]): DistributionItem => ({
  metric: "d",
  points: [[1_700_000_000, values]],
  type: "distribution",
});

describe("packing items into request bodies", () => {
  it("fills bodies up to the byte bound, measuring them exactly", () => {
    const items = Array.from({ length: 1000 }, (_, i) => series(i));
    const { payloads, oversized } = packPayloads("series", items, 4096);
    expect(oversized).toBe(0);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) {
      expect(payload.bytes).toBe(bodyOf(payload).length);
      expect(payload.bytes).toBeLessThanOrEqual(4096);
      expect(payload.points).toBe(payload.pieces.length);
    }
    expect(payloads.flatMap(itemsOf)).toEqual(items);
  });

  it("cuts a distribution too large for one body into several of the same context", () => {
    const values = Array.from({ length: 5000 }, (_, i) => i / 3);
    const { payloads } = packPayloads("distribution", [distribution(values)], 10_000);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) {
      expect(bodyOf(payload).length).toBeLessThanOrEqual(10_000);
    }
    const sent = payloads.flatMap((payload) =>
      itemsOf(payload).flatMap((item: DistributionItem) => item.points[0][1]),
    );
    expect(sent).toEqual(values);
  });

  it("drops and counts a series item that cannot fit alone", () => {
    const huge: SeriesItem = {
      ...series(0),
      tags: Array.from({ length: 1000 }, (_, i) => `t:${i}`),
    };
    const { payloads, oversized } = packPayloads("series", [huge, series(1)], 2000);
    expect(oversized).toBe(1);
    expect(payloads.flatMap(itemsOf)).toEqual([series(1)]);
  });

  it("halves a payload by items, or a lone distribution by values, for a retry", () => {
    const [payload] = packPayloads("series", [series(1), series(2), series(3)], 100_000).payloads;
    const [left, right] = halve(payload!)!;
    expect([...itemsOf(left), ...itemsOf(right)]).toEqual(itemsOf(payload!));
    expect(left.bytes).toBe(bodyOf(left).length);
    expect(left.points + right.points).toBe(3);

    const [lone] = packPayloads("distribution", [distribution([1, 2, 3])], 100_000).payloads;
    const [a, b] = halve(lone!)!;
    expect([...itemsOf(a)[0].points[0][1], ...itemsOf(b)[0].points[0][1]]).toEqual([1, 2, 3]);
    expect(a.points + b.points).toBe(3);

    const [single] = packPayloads("series", [series(1)], 100_000).payloads;
    expect(halve(single!)).toBeUndefined();
  });
});
