/**
 * The live view on a terminal: the block is redrawn in place with the same height every second,
 * so the header stays where it is and what the peer received never piles up under the table.
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../src/report.js";
import { LiveView } from "../src/view/live-view.js";

/** The escape sequence that moves up over the previous block and clears it (ESC matched by `.`). */
const REDRAW = /^.\[\d+F.\[J/;

function terminal(columns: number) {
  const writes: string[] = [];
  const stream = { isTTY: true, columns, write: (text: string) => writes.push(text) };
  return { writes, stream: stream as unknown as NodeJS.WriteStream };
}

function report(total: number): Report {
  return {
    rows: [
      { route: "health", byStatus: { "200": total }, total, p50: 0.1, p90: 0.2, max: 1 },
      {
        route: "orders.create",
        byStatus: { "201": total, "500": 2 },
        total: total + 2,
        p50: 8,
        p90: 17,
        max: 48,
      },
    ],
    statuses: ["200", "201", "404", "500", "503"],
    requests: 2 * total + 2,
    latencies: 2 * total + 2,
    inFlight: 1,
    users: 12,
    usersPerWindow: undefined,
    failedQueries: 2,
    runtime: {
      loopP99Ms: 1234.5,
      heapUsedBytes: 987 * 1024 * 1024,
      rssBytes: 1234 * 1024 * 1024,
      gcPauses: 12345,
      gcTotalMs: 98765.4,
      serverTimed: 123456,
    },
  };
}

describe("LiveView on a terminal", () => {
  it("redraws one block of constant height, header first, 80 columns at most", () => {
    const { writes, stream } = terminal(120);
    const view = new LiveView("@metrics demo · logging", stream);
    const manyLines = Array.from(
      { length: 9 },
      (_, i) => `[metrics] counter demo.k${i} 1 ${"x".repeat(90)}`,
    );
    for (let second = 1; second <= 4; second++) {
      view.tick(second, 40 * second, report(10 * second), manyLines);
    }
    const heights = writes.map((text) => text.replace(REDRAW, "").split("\n").length - 1);
    expect(new Set(heights).size).toBe(1);
    for (const [index, text] of writes.entries()) {
      // Each redraw first moves up over exactly the previous block and clears it.
      if (index > 0) expect(text.startsWith(`\x1b[${heights[0]}F\x1b[J`)).toBe(true);
      const lines = text.replace(REDRAW, "").split("\n").slice(0, -1);
      expect(lines[0]).toMatch(/^@metrics demo · logging · +\d s · answered \d+ \(\d+\/s\)/);
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
      // What the peer received: one line, saying how many more there were.
      expect(lines.at(-1)).toMatch(/^received: \[metrics\] counter demo\.k0 1 x+…$/);
      expect(lines.filter((line) => line.startsWith("[metrics]"))).toEqual([]);
    }
    // The runtime rows, whole (large numbers still fit), just above what the peer received.
    expect(writes.at(-1)).toContain(
      "runtime: event loop p99 1234.5 ms · heap used 987.0 MB · RSS 1234.0 MB\n" +
        "runtime: GC pauses 12345 (98765.4 ms in all) · requests served, timed 123456\nreceived:",
    );
    // The rate per second is the change over the last tick: 10 more health requests in 1 s.
    expect(writes.at(-1)).toMatch(/GET {2}\/health +40 +· +· +· +· +40 +10 /);
  });

  it("fits a narrower terminal", () => {
    const { writes, stream } = terminal(60);
    new LiveView("@metrics demo · statsd", stream).tick(1, 40, report(10), ["statsd flush"]);
    for (const line of writes.join("").split("\n")) expect(line.length).toBeLessThanOrEqual(60);
  });
});
