import { MetricKind } from "@metrics/aggregation";
import { describe, expect, it } from "vitest";
import { EtsyFlavour as LineRenderer } from "../src/etsy/etsy-flavour.js";
import type { LineFrame } from "../src/wire.js";
import { formatSampleRate } from "../src/wire.js";

function gaugeLines(renderer: LineRenderer, key: string, value: number, tags = {}): string[] {
  const lines: string[] = [];
  renderer.gauge(renderer.frame(key, tags), value, (line) => lines.push(line));
  return lines;
}

function timer(renderer: LineRenderer, frame: LineFrame, value: number, rate: number): string {
  const lines: string[] = [];
  const run = { kind: MetricKind.Timer, frame, values: [value], sampleRate: rate, maxBytes: 1432 };
  renderer.samples(run, (line) => lines.push(line));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

function set(renderer: LineRenderer, frame: LineFrame, member: string): string {
  const lines: string[] = [];
  renderer.set(frame, [member], 1432, (line) => lines.push(line));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("EtsyFlavour", () => {
  const tags = { route: "/a", code: "200" };

  it("writes each tag format", () => {
    const line = (format: "dogstatsd" | "graphite" | "influx" | "none") => {
      const r = new LineRenderer(format, "udp");
      return r.counter(r.frame("api.hits", tags), 3, 1);
    };
    expect(line("dogstatsd")).toBe("api.hits:3|c|#route:/a,code:200");
    expect(line("graphite")).toBe("api.hits;route=/a;code=200:3|c");
    expect(line("influx")).toBe("api.hits,route=/a,code=200:3|c");
    expect(line("none")).toBe("api.hits:3|c");
  });

  it("writes sample rates, timers and sets", () => {
    const r = new LineRenderer("dogstatsd", "udp");
    const frame = r.frame("k", {});
    expect(r.counter(frame, 1, 0.25)).toBe("k:1|c|@0.25");
    expect(timer(r, frame, 42.5, 1)).toBe("k:42.5|ms");
    expect(timer(r, frame, 42.5, 0.1)).toBe("k:42.5|ms|@0.1");
    expect(set(r, frame, "u:1|x")).toBe("k:u_1_x|s");
  });

  it("sends a negative gauge as 0 then the value, since a sign means relative", () => {
    const r = new LineRenderer("dogstatsd", "udp");
    expect(gaugeLines(r, "g", -2.5)).toEqual(["g:0|g", "g:-2.5|g"]);
    expect(gaugeLines(r, "g", 7)).toEqual(["g:7|g"]);
  });

  it("replaces every reserved character in keys, tag names, tag values and members", () => {
    const hostile = "a:b|c@d#e,f;g=h\ni\r\tj\u0000k";
    for (const format of ["dogstatsd", "graphite", "influx", "none"] as const) {
      const r = new LineRenderer(format, "udp");
      const frame = r.frame(hostile, { [hostile]: hostile });
      const line = r.counter(frame, 1, 1);
      expect(line).toContain("a_b_c_d_e_f_g_h_i__j_k");
      for (const c of ["\n", "\r", "\t", "\u0000"]) expect(line).not.toContain(c);
      // Exactly the separators the format itself writes remain.
      const separators = line.replace(/[^:|@#,;=]/g, "");
      expect(separators).toBe(
        {
          dogstatsd: ":||#:",
          graphite: ";=:|",
          influx: ",=:|",
          none: ":|",
        }[format],
      );
    }
  });

  it("keeps unicode over UDP and replaces it over TCP, where hot-shots writes ASCII", () => {
    const udp = new LineRenderer("dogstatsd", "udp");
    const tcp = new LineRenderer("dogstatsd", "tcp");
    expect(udp.counter(udp.frame("数据.é", {}), 1, 1)).toBe("数据.é:1|c");
    // U+010A would reach the wire as 0x0A, a newline, through the ASCII encoding.
    expect(tcp.counter(tcp.frame("a\u010Ab", { t: "é" }), 1, 1)).toBe("a_b:1|c|#t:_");
  });

  it("replaces whitespace for Graphite and Influx only", () => {
    expect(new LineRenderer("graphite", "udp").frame("a b", {}).head).toBe("a_b");
    expect(new LineRenderer("influx", "udp").frame("a\\b c", {}).head).toBe("a_b_c");
    expect(new LineRenderer("dogstatsd", "udp").frame("a b", {}).head).toBe("a b");
  });
});

describe("formatSampleRate", () => {
  it("never uses exponent notation, which StatsD would read as another rate", () => {
    expect(formatSampleRate(0.5)).toBe("0.5");
    expect(formatSampleRate(1e-7)).toBe("0.0000001");
    expect(formatSampleRate(2.5e-8)).toMatch(/^0\.0000000250*\d*$/);
    expect(Number(formatSampleRate(1.234e-9))).toBeCloseTo(1.234e-9, 15);
  });
});
