import { describe, expect, it } from "vitest";
import { droppedIn, NO_TAGS, setup } from "./support/setup.js";

const FAULTS = [
  { kind: "status" as const, status: 500 },
  { kind: "status" as const, status: 503 },
  { kind: "status" as const, status: 429, headers: { "x-ratelimit-reset": "30" } },
  { kind: "drop" as const },
  { kind: "status" as const, status: 500 },
];

describe("deadlines against a failing intake", () => {
  it("close() brings retries forward: 500/503/429/reset/500 until 5.6 s, everything delivered within 10 s", async () => {
    // Default backoff (up to 30 s, and a 429 asking for 30 s) would sleep past the deadline.
    const { intake, backend, errors } = await setup();
    const failing = Date.now();
    intake.failUntil(5600, FAULTS);
    for (let i = 0; i < 5000; i++) backend.incr("jobs.done", 1, { shard: String(i % 5) }, 1);
    for (let i = 0; i < 1000; i++)
      backend.distribution("latency", i, { shard: String(i % 5) }, 1, undefined);
    const started = Date.now();
    await backend.close();
    // Delivered only once the faults ended (measured from when they began, not from close()),
    // and within close()'s deadline (10 s from its call).
    expect(Date.now() - failing).toBeGreaterThanOrEqual(5600);
    expect(Date.now() - started).toBeLessThan(10_000 + 500);
    let counted = 0;
    let values = 0;
    for (let shard = 0; shard < 5; shard++) {
      counted += intake.total("jobs.done", [`shard:${shard}`]);
      values += intake.values("latency", [`shard:${shard}`]).length;
    }
    expect(counted).toBe(5000);
    expect(values).toBe(1000);
    expect(errors).toEqual([]);
    expect(intake.violations).toEqual([]);
    // Both endpoints saw the faults and recovered on their own.
    const paths = new Set(intake.attempts.filter((a) => a.reply !== "accepted").map((a) => a.path));
    expect(paths).toEqual(new Set(["/api/v2/series", "/api/v1/distribution_points"]));
  }, 20_000);

  it("close() ends at its deadline whatever the intake does, and reports exactly what it lost", async () => {
    const { intake, backend, errors } = await setup({
      flushTimeoutMs: 1500,
      requestTimeoutMs: 60_000,
    });
    intake.failUntil(60_000, [{ kind: "stall" }]);
    for (let i = 0; i < 300; i++) backend.incr("stuck", 1, { i: String(i) }, 1);
    for (let i = 0; i < 700; i++) backend.distribution("stuck.values", i, NO_TAGS, 1, undefined);
    const started = Date.now();
    await backend.close();
    expect(Date.now() - started).toBeLessThan(1500 + 300);
    expect(droppedIn(errors)).toBe(300 + 700);
    expect(errors.every((error) => error.code === "dropped")).toBe(true);
  });

  it("flush() against a stalled intake settles at flushTimeoutMs, keeps the data, and delivers it once the intake answers", async () => {
    const { intake, backend, errors } = await setup({
      flushTimeoutMs: 1000,
      requestTimeoutMs: 400,
      maxRetryDelayMs: 500,
    });
    intake.failUntil(2500, [{ kind: "stall" }]);
    for (let i = 0; i < 100; i++) backend.incr("patient", 1, NO_TAGS, 1);
    const started = Date.now();
    await backend.flush();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(990);
    expect(took).toBeLessThan(1000 + 400);
    expect(intake.total("patient")).toBe(0);
    expect(errors).toEqual([]);
    // Still queued: retried in the background, delivered after the stall ends.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await backend.flush();
    expect(intake.total("patient")).toBe(100);
    expect(errors).toEqual([]);
  });

  it("keeps endpoints independent: a stalled series endpoint does not hold back distributions or events", async () => {
    const { intake, backend } = await setup({ requestTimeoutMs: 5000, flushTimeoutMs: 800 });
    intake.scriptPath("/api/v2/series", { kind: "stall" });
    backend.incr("held", 1, NO_TAGS, 1);
    backend.distribution("free", 42, NO_TAGS, 1, undefined);
    backend.event("Deploy", "v42 is live", { env: "test" }, { alertType: "success" });
    await backend.flush();
    expect(intake.values("free")).toEqual([42]);
    expect(intake.events).toMatchObject([
      { title: "Deploy", text: "v42 is live", tags: ["env:test"], alertType: "success" },
    ]);
    expect(intake.total("held")).toBe(0);
  });
});
