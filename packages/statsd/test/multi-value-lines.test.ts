import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { multiValueLines } from "../src/wire.js";

function lines(
  head: string,
  values: number[],
  render: (v: number) => string,
  tail: string,
  max: number,
): string[] {
  const out: string[] = [];
  multiValueLines(head, values, render, tail, max, (line) => out.push(line));
  return out;
}

const statsd = (v: number) => `:${v}|ms`;
const dogstatsd = (v: number) => `:${v}`;

describe("multiValueLines", () => {
  it("renders StatsD multi-value timer lines", () => {
    expect(lines("k", [1, 2, 3], statsd, "", 100)).toEqual(["k:1|ms:2|ms:3|ms"]);
    expect(lines("k", [1, 2, 3], statsd, "", 11)).toEqual(["k:1|ms:2|ms", "k:3|ms"]);
  });

  it("renders DogStatsD 1.1 lines with the tail on every line", () => {
    expect(lines("k", [1, 22, 3], dogstatsd, "|d|#a:b", 14)).toEqual([
      "k:1:22|d|#a:b",
      "k:3|d|#a:b",
    ]);
  });

  it("emits nothing for no values", () => {
    expect(lines("k", [], statsd, "", 100)).toEqual([]);
  });

  it("emits a single value that cannot fit on its own line, for the packer to report", () => {
    expect(lines("long.key", [123456], statsd, "|#t", 5)).toEqual(["long.key:123456|ms|#t"]);
  });

  it("keeps every value in order within maxBytes, in the fewest lines", () => {
    const head = fc.string({ unit: "grapheme", maxLength: 12 });
    const value = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(head, fc.array(value, { maxLength: 80 }), fc.nat(250), (h, values, extra) => {
        const tail = "|d|#é:x";
        // Room for the longest rendered double (25 bytes, e.g. -0.0000015003857604674911) and its
        // ":" on a line of its own, and then some (with 25, that value made a 1-byte-too-long line,
        // which the renderer emits for the packer to drop, as documented, so "every value" failed).
        const max = Buffer.byteLength(h) + Buffer.byteLength(tail) + 26 + extra;
        const out = lines(h, values, dogstatsd, tail, max);
        const parsed: number[] = [];
        for (const line of out) {
          expect(Buffer.byteLength(line)).toBeLessThanOrEqual(max);
          expect(line.startsWith(h) && line.endsWith(tail)).toBe(true);
          const body = line.slice(h.length, line.length - tail.length);
          parsed.push(...body.slice(1).split(":").map(Number));
        }
        expect(parsed).toEqual(values.map((v) => Number(String(v))));
        // Fewest lines: the first value of each line would not have fitted on the line before.
        for (let i = 1; i < out.length; i++) {
          const firstPart = `:${out[i]!.slice(h.length + 1).split(/[:|]/)[0]}`;
          expect(Buffer.byteLength(out[i - 1]!) + Buffer.byteLength(firstPart)).toBeGreaterThan(
            max,
          );
        }
      }),
    );
  });
});
