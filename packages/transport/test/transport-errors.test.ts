import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { MetricsError } from "@metrics/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TransportErrors } from "../src/index.js";

afterEach(() => {
  vi.useRealTimers();
});

function collecting(intervalMs: number) {
  const got: MetricsError[] = [];
  const errors = new TransportErrors({ onError: (e) => got.push(e), intervalMs, source: "@t" });
  return { got, errors };
}

describe("TransportErrors", () => {
  it("delivers the first failure of a kind at once and sums the rest at the end of its window", async () => {
    vi.useFakeTimers({ now: 0 });
    const { got, errors } = collecting(1000);
    errors.report("dropped", "dropped:queue", "queue full", { dropped: 3 });
    for (let i = 0; i < 4; i++)
      errors.report("dropped", "dropped:queue", "queue full", { dropped: 10 });
    errors.report("transport_error", "transport_error:ECONNREFUSED", "refused");
    expect(got.map((e) => [e.code, e.dropped])).toEqual([
      ["dropped", 3],
      ["transport_error", undefined],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(got).toHaveLength(3);
    expect(got[2]!.dropped).toBe(40);
    expect(got[2]!.message).toBe("@t: queue full (4 more like it within 1000 ms; dropped:queue)");
    const total = got.reduce((sum, e) => sum + (e.dropped ?? 0), 0);
    expect(total).toBe(43);
  });

  it("delivers what a window held back on close(), so the reports add up at shutdown", () => {
    vi.useFakeTimers({ now: 0 });
    const { got, errors } = collecting(60_000);
    errors.report("dropped", "dropped:lost", "lost", { dropped: 1 });
    // One failure, delivered at once: nothing held back for an exit flush to deliver.
    expect(errors.holdsBack).toBe(false);
    for (let i = 1; i < 1010; i++) errors.report("dropped", "dropped:lost", "lost", { dropped: 1 });
    expect(got).toHaveLength(1);
    expect(errors.holdsBack).toBe(true);
    errors.close();
    expect(errors.holdsBack).toBe(false);
    expect(got.map((e) => e.dropped)).toEqual([1, 1009]);
  });

  it("delivers what a window held back when the process exits inside it", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/held-back-at-exit.mjs", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [fixture], { timeout: 10_000 });
    expect(stdout).toBe("dropped 1\ndropped 2\n");
  });

  it("keeps no exit listener once nothing is held back", () => {
    const before = process.listenerCount("exit");
    const { errors } = collecting(10_000);
    errors.report("dropped", "k", "m", { dropped: 1 });
    errors.report("dropped", "k", "m", { dropped: 1 });
    const other = collecting(10_000).errors;
    other.report("dropped", "k", "m", { dropped: 1 });
    other.report("dropped", "k", "m", { dropped: 1 });
    expect(process.listenerCount("exit")).toBe(before + 1);
    errors.close();
    expect(process.listenerCount("exit")).toBe(before + 1);
    other.close();
    expect(process.listenerCount("exit")).toBe(before);
  });

  it("drops its exit listener when a report past the window delivers the summary first", () => {
    vi.useFakeTimers();
    const before = process.listenerCount("exit");
    const { got, errors } = collecting(10_000);
    errors.report("dropped", "k", "m", { dropped: 1 });
    errors.report("dropped", "k", "m", { dropped: 1 });
    expect(process.listenerCount("exit")).toBe(before + 1);
    // The window has ended but its timer has not run yet (a busy loop runs timers late).
    vi.setSystemTime(Date.now() + 10_001);
    errors.report("dropped", "k", "m", { dropped: 1 });
    expect(got.map((error) => error.dropped)).toEqual([1, 1, 1]);
    expect(process.listenerCount("exit")).toBe(before);
  });

  it("delivers every failure with errorIntervalMs 0", () => {
    const { got, errors } = collecting(0);
    for (let i = 0; i < 5; i++) errors.report("dropped", "k", "x", { dropped: 2 });
    expect(got.map((e) => e.dropped)).toEqual([2, 2, 2, 2, 2]);
  });

  it("a new window after a summary starts with a delivered report", async () => {
    vi.useFakeTimers({ now: 0 });
    const { got, errors } = collecting(1000);
    errors.report("dropped", "k", "x", { dropped: 1 });
    errors.report("dropped", "k", "x", { dropped: 2 });
    await vi.advanceTimersByTimeAsync(1500);
    errors.report("dropped", "k", "x", { dropped: 4 });
    expect(got.map((e) => e.dropped)).toEqual([1, 2, 4]);
  });

  it("never throws when the handler does", () => {
    const errors = new TransportErrors({
      onError: () => {
        throw new Error("handler");
      },
      intervalMs: 1000,
      source: "@t",
    });
    expect(() => errors.report("dropped", "a", "x")).not.toThrow();
    expect(() => errors.report("dropped", "a", "x")).not.toThrow();
    expect(() => errors.close()).not.toThrow();
  });

  it("redacts messages, keys and causes when asked", () => {
    const got: MetricsError[] = [];
    const errors = new TransportErrors({
      onError: (e) => got.push(e),
      intervalMs: 0,
      source: "@t",
      redact: (text) => text.split("SECRET").join("[redacted]"),
    });
    errors.report("transport_error", "k", "key SECRET refused", {
      key: "a.SECRET",
      cause: Object.assign(new Error("bad SECRET"), { code: "E_SECRET" }),
    });
    const [error] = got;
    expect(error!.message).toBe("@t: key [redacted] refused");
    expect(error!.key).toBe("a.[redacted]");
    expect((error!.cause as Error).message).toBe("bad [redacted]");
    expect((error!.cause as { code: string }).code).toBe("E_[redacted]");
  });
});
