import { describe, expect, it } from "vitest";
import { droppedIn, NO_TAGS, setup } from "./support/setup.js";

describe("exact by default, bounded by sending early", () => {
  for (const count of [3000, 20_000]) {
    it(`delivers all ${count} values of one distribution context in one window`, async () => {
      const { intake, backend, errors } = await setup();
      for (let i = 0; i < count; i++)
        backend.distribution("payload.size", i, { a: "b" }, 1, undefined);
      await backend.flush();
      const values = intake.values("payload.size", ["a:b"]).sort((x, y) => x - y);
      expect(values).toHaveLength(count);
      expect(values[0]).toBe(0);
      expect(values.at(-1)).toBe(count - 1);
      expect(errors).toEqual([]);
      expect(intake.violations).toEqual([]);
    });
  }

  it("samples only when maxSamplesPerContext is set, and reports the loss exactly", async () => {
    const { intake, backend, errors } = await setup({ maxSamplesPerContext: 1000 });
    for (let i = 0; i < 20_000; i++) backend.distribution("sampled", i, NO_TAGS, 1, undefined);
    await backend.flush();
    expect(intake.values("sampled")).toHaveLength(1000);
    expect(errors.map((error) => error.code)).toEqual(["dropped"]);
    expect(droppedIn(errors)).toBe(19_000);
  });

  it("reports a million lost contexts as a million: throttled reports are summed, not dropped", async () => {
    const { intake, backend, errors } = await setup({ flushTimeoutMs: 300 });
    intake.failUntil(600_000, [{ kind: "status", status: 503 }]);
    for (let i = 0; i < 1_000_000; i++) backend.incr("lost", 1, { i: String(i) }, 1);
    await backend.close();
    expect(intake.series).toEqual([]);
    expect(droppedIn(errors)).toBe(1_000_000);
    // Throttled: a handful of reports, not one per payload.
    expect(errors.length).toBeLessThan(10);
  }, 60_000);

  it("a bad unit or a bad context costs that call or context alone, reported with its key", async () => {
    const { intake, backend, errors } = await setup();
    backend.incr("good.count", 2, NO_TAGS, 1, "request");
    backend.incr("bad.unit.null", 1, NO_TAGS, 1, null as never);
    backend.gauge("bad.unit.number", 1, NO_TAGS, 1, 5 as never);
    backend.distribution("bad.unit.object", 1, NO_TAGS, 1, {} as never);
    backend.incr("bad.context", 1, { t: Symbol("x") as never }, 1);
    backend.gauge("good.gauge", 7, NO_TAGS, 1, undefined);
    backend.distribution("good.values", 1.5, NO_TAGS, 1, "second");
    await backend.flush();
    expect(intake.total("good.count")).toBe(2);
    expect(intake.lastGauge("good.gauge")).toBe(7);
    expect(intake.values("good.values")).toEqual([1.5]);
    expect(intake.series.some((point) => point.metric.startsWith("bad"))).toBe(false);
    expect(errors.map((error) => error.key).sort()).toEqual([
      "bad.context",
      "bad.unit.null",
      "bad.unit.number",
      "bad.unit.object",
    ]);
    expect(droppedIn(errors)).toBe(4);
  });
});
