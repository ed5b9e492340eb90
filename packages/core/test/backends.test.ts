import { describe, expect, it } from "vitest";
import { CompositeBackend } from "../src/composite.js";
import { type MetricsBackend, MetricsError } from "../src/index.js";
import { LoggingBackend } from "../src/logging.js";
import { MemoryBackend } from "../src/testing.js";

describe("LoggingBackend", () => {
  it("writes one line per metric, durations in milliseconds", () => {
    const lines: string[] = [];
    const logging = new LoggingBackend({ logger: (line) => lines.push(line) });
    logging.incr("jobs", 1, { queue: "email" }, 1, undefined);
    logging.timing("db.query", 0.042, { table: "users" }, 0.5);
    logging.distribution("size", 2048, {}, 1, "byte");
    logging.set("users", "u1", {}, 1);
    expect(lines).toEqual([
      "[metrics] counter jobs 1 queue=email",
      "[metrics] timing db.query 42.000ms table=users @0.5",
      "[metrics] distribution size 2048 byte",
      "[metrics] set users u1",
    ]);
  });
});

describe("CompositeBackend", () => {
  it("sends to every child; one that throws or rejects does not stop the others", async () => {
    const errors: MetricsError[] = [];
    const first = new MemoryBackend();
    const last = new MemoryBackend();
    const broken = {
      incr() {
        throw new Error("child down");
      },
      flush: () => Promise.reject(new Error("flush down")),
      close: () => {
        throw new Error("close down");
      },
    } as unknown as MetricsBackend;
    const composite = new CompositeBackend([first, broken, last], {
      onError: (e) => errors.push(e),
    });
    composite.incr("k", 2, { a: "b" }, 1, undefined);
    composite.gauge("g", 1, {}, 1, undefined);
    await composite.flush();
    await composite.close();
    for (const child of [first, last]) expect(child.records.map((r) => r.key)).toEqual(["k", "g"]);
    expect(errors.map((e) => e.message)).toEqual([
      "CompositeBackend child 1 threw Error: child down",
      expect.stringMatching(/^CompositeBackend child 1 threw TypeError: .* is not a function$/),
      "CompositeBackend child 1 threw Error: flush down",
      "CompositeBackend child 1 threw Error: close down",
    ]);
    expect(errors.every((e) => e instanceof MetricsError && e.code === "backend_error")).toBe(true);
  });
});

describe("MemoryBackend", () => {
  it("finds records by key, totals counters by tags, and clears", () => {
    const memory = new MemoryBackend();
    memory.incr("hits", 2, { route: "/a", code: "200" }, 1, undefined);
    memory.incr("hits", 3, { route: "/b", code: "200" }, 1, undefined);
    memory.incr("hits", 5, { route: "/a", code: "500" }, 1, undefined);
    memory.gauge("hits", 100, {}, 1, undefined);
    expect(memory.find("hits")).toHaveLength(4);
    expect(memory.total("hits")).toBe(10);
    expect(memory.total("hits", { route: "/a" })).toBe(7);
    expect(memory.total("hits", { code: 200 })).toBe(5);
    memory.clear();
    expect(memory.records).toEqual([]);
  });

  it("holds at most maxRecords, reporting what it drops", () => {
    const errors: MetricsError[] = [];
    const memory = new MemoryBackend({ maxRecords: 2, onError: (e) => errors.push(e) });
    for (let i = 0; i < 3; i++) memory.incr("k", 1, {}, 1, undefined);
    expect(memory.records).toHaveLength(2);
    expect(errors.map((e) => [e.code, e.dropped])).toEqual([["dropped", 1]]);
    expect(() => new MemoryBackend({ maxRecords: 0 })).toThrow(
      expect.objectContaining({ code: "invalid_option", message: expect.stringMatching(/got 0$/) }),
    );
  });
});
