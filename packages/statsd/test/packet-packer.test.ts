import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PacketPacker } from "../src/wire.js";

function collect(maxBytes: number) {
  const payloads: string[] = [];
  const oversize: string[] = [];
  const packer = new PacketPacker({
    maxBytes,
    send: (payload, bytes, lines) => {
      expect(Buffer.byteLength(payload)).toBe(bytes);
      expect(payload.split("\n")).toHaveLength(lines);
      payloads.push(payload);
    },
    onOversize: (line) => oversize.push(line),
  });
  return { packer, payloads, oversize };
}

describe("PacketPacker", () => {
  it("joins lines with newlines up to maxBytes exactly", () => {
    const { packer, payloads } = collect(7);
    for (const line of ["abc", "def", "g", "hi"]) packer.add(line);
    packer.flush();
    expect(payloads).toEqual(["abc\ndef", "g\nhi"]);
  });

  it("counts UTF-8 bytes, not UTF-16 units", () => {
    const { packer, payloads } = collect(8);
    packer.add("é€"); // 5 bytes
    packer.add("ab"); // 1 + 2 more: 8
    packer.add("x");
    packer.flush();
    expect(payloads).toEqual(["é€\nab", "x"]);
  });

  it("drops and reports a line longer than maxBytes, never truncating it", () => {
    const { packer, payloads, oversize } = collect(4);
    packer.add("ok");
    packer.add("toolong");
    packer.add("€€"); // 6 bytes
    packer.add("fine");
    packer.flush();
    expect(payloads).toEqual(["ok", "fine"]);
    expect(oversize).toEqual(["toolong", "€€"]);
  });

  it("sends nothing when empty, and ignores empty lines", () => {
    const { packer, payloads } = collect(10);
    packer.flush();
    packer.add("");
    packer.flush();
    expect(payloads).toEqual([]);
  });

  it("never exceeds maxBytes, keeps every fitting line in order, and uses few payloads", () => {
    const line = fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !s.includes("\n"));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(line, { maxLength: 60 }),
        (max, lines) => {
          const { packer, payloads, oversize } = collect(max);
          for (const l of lines) packer.add(l);
          packer.flush();
          for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(max);
          const fits = lines.filter((l) => l !== "" && Buffer.byteLength(l) <= max);
          expect(payloads.flatMap((p) => p.split("\n"))).toEqual(fits);
          expect(oversize).toEqual(lines.filter((l) => Buffer.byteLength(l) > max));
          // Greedy: the first line of each payload would not have fitted in the one before it.
          for (let i = 1; i < payloads.length; i++) {
            const first = payloads[i]!.split("\n")[0]!;
            expect(
              Buffer.byteLength(payloads[i - 1]!) + 1 + Buffer.byteLength(first),
            ).toBeGreaterThan(max);
          }
        },
      ),
    );
  });

  it("rejects a bad maxBytes", () => {
    expect(() => collect(0)).toThrow(/maxBytes/);
  });
});
