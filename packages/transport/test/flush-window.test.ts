import { afterEach, describe, expect, it, vi } from "vitest";
import { FlushWindow } from "../src/index.js";

afterEach(() => {
  vi.useRealTimers();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await Promise.resolve();
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("FlushWindow", () => {
  it("flushes on wall-clock multiples of the interval", async () => {
    vi.useFakeTimers({ now: 10_250 });
    const at: number[] = [];
    const window = new FlushWindow({
      intervalMs: 1000,
      timeoutMs: 5000,
      flush: () => {
        at.push(Date.now());
      },
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(3000);
    expect(at).toEqual([11_000, 12_000, 13_000]);
    await window.close();
  });

  it("runs flushes one at a time, in order", async () => {
    const log: string[] = [];
    const gate = deferred();
    let n = 0;
    const window = new FlushWindow({
      intervalMs: 60_000,
      timeoutMs: 5000,
      flush: async () => {
        const id = ++n;
        log.push(`start ${id}`);
        if (id === 1) await gate.promise;
        log.push(`end ${id}`);
      },
      onError: () => {},
    });
    const first = window.flush();
    await until(() => log.length === 1);
    const second = window.flush();
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2"]);
    await window.close();
  });

  it("shares a flush that waits behind a running one, so slow flushes do not pile up", async () => {
    const gate = deferred();
    let calls = 0;
    const window = new FlushWindow({
      intervalMs: 60_000,
      timeoutMs: 5000,
      flush: async () => {
        calls += 1;
        if (calls === 1) await gate.promise;
      },
      onError: () => {},
    });
    const running = window.flush();
    await until(() => calls === 1);
    const waiting = [window.flush(), window.flush(), window.flush()];
    expect(waiting[1]).toBe(waiting[0]);
    expect(waiting[2]).toBe(waiting[0]);
    gate.resolve();
    await Promise.all([running, ...waiting]);
    expect(calls).toBe(2);
    await window.close();
  });

  it("closes with a last flush, then releases, once; flush after close awaits it", async () => {
    const log: string[] = [];
    const window = new FlushWindow({
      intervalMs: 1000,
      timeoutMs: 5000,
      flush: () => {
        log.push("flush");
      },
      release: () => {
        log.push("release");
      },
      onError: () => {},
    });
    const closing = window.close();
    expect(window.closed).toBe(true);
    expect(window.close()).toBe(closing);
    expect(window.flush()).toBe(closing);
    await closing;
    expect(log).toEqual(["flush", "release"]);
  });

  it("reports a failing flush and keeps going", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const window = new FlushWindow({
      intervalMs: 1000,
      timeoutMs: 5000,
      flush: () => {
        calls += 1;
        if (calls === 1) throw new Error("boom");
      },
      onError: (error) => errors.push(error),
    });
    await expect(window.flush()).resolves.toBeUndefined();
    await window.close();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it("rejects a bad interval", () => {
    expect(
      () => new FlushWindow({ intervalMs: 0, timeoutMs: 1, flush: () => {}, onError: () => {} }),
    ).toThrow(/interval/);
  });

  it("does not keep an idle process alive (its timer is unref'd)", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    const window = new FlushWindow({
      intervalMs: 3_600_000,
      timeoutMs: 1,
      flush: () => {},
      onError: () => {},
    });
    expect(timers()).toBe(before);
    await window.close();
  });

  it("settles flush() and close() at the deadline when a flush never ends, and says so", async () => {
    const late: number[] = [];
    let released = false;
    const window = new FlushWindow({
      intervalMs: 60_000,
      timeoutMs: 200,
      flush: () => new Promise<void>(() => {}),
      release: () => {
        released = true;
      },
      onError: () => {},
      onLate: (ms) => late.push(ms),
    });
    const started = Date.now();
    await window.flush();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(late).toEqual([200]);
    const closing = Date.now();
    await window.close();
    expect(Date.now() - closing).toBeLessThan(2_000);
    expect(late).toEqual([200, 200]);
    expect(released).toBe(false);
  });

  it("hands each flush a deadline timeoutMs after the call", async () => {
    const remaining: number[] = [];
    const window = new FlushWindow({
      intervalMs: 60_000,
      timeoutMs: 5_000,
      flush: (deadline) => {
        remaining.push(deadline.remainingMs);
      },
      onError: () => {},
    });
    await window.flush();
    await window.close();
    expect(remaining).toHaveLength(2);
    for (const ms of remaining) {
      expect(ms).toBeGreaterThan(4_000);
      expect(ms).toBeLessThanOrEqual(5_000);
    }
  });

  it("marks the flushes that end the process: close() and the one at a natural exit, not flush()", async () => {
    const endings: boolean[] = [];
    let held = 0;
    const window = new FlushWindow({
      intervalMs: 60_000,
      timeoutMs: 5_000,
      flush: (_deadline, ending) => {
        endings.push(ending);
        held = 0;
      },
      onError: () => {},
      hasPending: () => held > 0,
    });
    held = 1;
    await window.flush();
    held = 1;
    process.emit("beforeExit", 0);
    await window.flush();
    await window.close();
    // flush(), the exit flush, the flush() after it, close().
    expect(endings).toEqual([false, true, false, true]);
  });
});
