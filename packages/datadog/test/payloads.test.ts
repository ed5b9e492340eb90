import { describe, expect, it } from "vitest";
import { MAX_NUMBER_BYTES, writeNumberList } from "../src/encoding/number-list.js";
import { bodyOf, halve, type PackedPayload, packPayloads } from "../src/encoding/pack-payloads.js";
import {
  distributionPieces,
  GAUGE,
  type Piece,
  seriesPiece,
  VALUES_PER_ITEM,
} from "../src/encoding/wire-pieces.js";

const frame = { timestamp: 1_700_000_000, host: undefined };
const series = (i: number): Piece =>
  seriesPiece(frame, `m.${i}`, GAUGE, i, [`i:${i}`], undefined, undefined);
const jsonOf = (piece: Piece) => JSON.parse(piece.json);
/** `writeNumberList`'s output as a string, written after some bytes already in the buffer. */
const numberList = (values: readonly number[], start: number, end: number): string => {
  const out = Buffer.alloc(3 + (end - start) * MAX_NUMBER_BYTES);
  out.write("[[[");
  return out.toString("latin1", 3, writeNumberList(out, 3, values, start, end));
};
const itemsOf = (payload: PackedPayload) => JSON.parse(bodyOf(payload).toString("utf8")).series;

describe("writing items and packing them into request bodies", () => {
  it("writes series items as the API's JSON, with every optional field in place", () => {
    const item = seriesPiece(
      { timestamp: 1_700_000_000, host: "web-1" },
      "jobs.done",
      1,
      3.5,
      ["env:prod", "q:é"],
      "byte",
      10,
    );
    expect(jsonOf(item)).toEqual({
      metric: "jobs.done",
      type: 1,
      points: [{ timestamp: 1_700_000_000, value: 3.5 }],
      interval: 10,
      unit: "byte",
      resources: [{ name: "web-1", type: "host" }],
      tags: ["env:prod", "q:é"],
    });
    expect(item.points).toBe(1);
  });

  it("writes a distribution as items of at most VALUES_PER_ITEM values, all values kept in order", () => {
    const values = Array.from({ length: 2500 }, (_, i) => i / 7);
    const pieces = distributionPieces({ timestamp: 1, host: "h" }, "d", values, ["a:b"]);
    expect(pieces.map((piece) => piece.points)).toEqual([VALUES_PER_ITEM, VALUES_PER_ITEM, 500]);
    const items = pieces.map(jsonOf);
    expect(items[0]).toMatchObject({ metric: "d", host: "h", tags: ["a:b"], type: "distribution" });
    expect(items.flatMap((item) => item.points[0][1])).toEqual(values);
    for (const piece of pieces) expect(piece.bytes).toBe(Buffer.byteLength(piece.json, "utf8"));
  });

  it("writes a distribution item with non-ASCII tags as the same JSON, its UTF-8 size exact", () => {
    for (const tags of [["city:Zürich"], ["a:b"], ["名前:値"]]) {
      const [piece] = distributionPieces({ timestamp: 1, host: "hôte" }, "d", [1, 2.5], tags);
      expect(jsonOf(piece!)).toEqual({
        metric: "d",
        points: [[1, [1, 2.5]]],
        host: "hôte",
        tags,
        type: "distribution",
      });
      expect(piece!.bytes).toBe(Buffer.byteLength(piece!.json, "utf8"));
    }
  });

  it("writes a value list exactly as JSON does, integers by hand and every other number as V8 prints it", () => {
    const edges = [0, -0, 1, -1, 9, 10, 99, 100, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1];
    const others = [
      0.5,
      -1e-7,
      1e21,
      123456789012,
      5e-324,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      -0.0000012345678901234567, // the longest a number prints: 25 characters
      1 / 3,
    ];
    const random = Array.from({ length: 3000 }, (_, i) => {
      const magnitude = 10 ** (i % 12);
      const value = (Math.random() - 0.5) * magnitude;
      return i % 2 === 0 ? Math.round(value) : value;
    });
    for (const values of [edges, others, random, [...edges, ...others, ...edges], [1, 2, 0.5, 3]]) {
      for (const [start, end] of [
        [0, values.length],
        [1, Math.min(values.length, 5)],
        [2, 2],
      ]) {
        const list = numberList(values, start as number, end as number);
        expect(list).toBe(values.slice(start, end).join(","));
        if (end! > start!)
          expect(JSON.parse(`[${list}]`)).toEqual(values.slice(start, end).map((v) => v + 0));
      }
    }
  });

  it("fills bodies up to the byte bound, measuring them exactly in UTF-8", () => {
    const items = [
      ...Array.from({ length: 1000 }, (_, i) => series(i)),
      seriesPiece(frame, "u", GAUGE, 1, ["city:Zürich"], undefined, undefined),
    ];
    const { payloads, oversized } = packPayloads("series", items, 4096);
    expect(oversized).toBe(0);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) {
      expect(payload.bytes).toBe(bodyOf(payload).length);
      expect(payload.bytes).toBeLessThanOrEqual(4096);
      expect(payload.points).toBe(payload.pieces.length);
    }
    expect(payloads.flatMap(itemsOf)).toEqual(items.map((item) => jsonOf(item)));
  });

  it("drops and counts an item that cannot fit alone", () => {
    const tags = Array.from({ length: 1000 }, (_, i) => `t:${i}`);
    const huge = seriesPiece(frame, "huge", GAUGE, 0, tags, undefined, undefined);
    const { payloads, oversized, oversizedPoints } = packPayloads(
      "series",
      [huge, series(1)],
      2000,
    );
    expect([oversized, oversizedPoints]).toEqual([1, 1]);
    expect(payloads.flatMap(itemsOf)).toEqual([jsonOf(series(1))]);
  });

  it("halves a payload by items for a retry, never by parsing it", () => {
    const [payload] = packPayloads("series", [series(1), series(2), series(3)], 100_000).payloads;
    const [left, right] = halve(payload!)!;
    expect([...itemsOf(left), ...itemsOf(right)]).toEqual(itemsOf(payload!));
    expect(left.bytes).toBe(bodyOf(left).length);
    expect(left.points + right.points).toBe(3);
    const [single] = packPayloads("series", [series(1)], 100_000).payloads;
    expect(halve(single!)).toBeUndefined();
  });
});
