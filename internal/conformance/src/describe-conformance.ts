import { afterEach, describe, expect, it } from "vitest";
import type { MetricsBackend, MetricsError, Tags } from "./core-types.js";
import type { Harness, HarnessInstance } from "./harness.js";
import { HOSTILE_STRINGS, LONG_STRING } from "./hostile-strings.js";
import { contextOf, type Observations, observe, type Summary } from "./observations.js";
import type { ReceivedMetric } from "./received-metric.js";
import { tagsFromPairs } from "./tags-from-pairs.js";

const NO_TAGS: Tags = Object.freeze({});

/** The marker that identifies metric `i` whatever a transport does to the rest of its key. */
const marker = (i: number) => `m${i}z`;

/**
 * The behaviour every `MetricsBackend` must show, as one vitest suite. A backend's test calls
 * it with a harness that reads back what the backend sent.
 */
export function describeConformance(name: string, harness: Harness): void {
  const { wire } = harness;
  const tagsKept = wire.tags !== "dropped";
  /** The context a metric lands in on this wire: without its tags where the format drops them. */
  const ctx = (key: string, tags: Record<string, string>) => contextOf(key, tagsKept ? tags : {});
  const histograms = wire.distributionsArriveAs === "histograms";

  describe(`${name} conformance`, () => {
    let instance: HarnessInstance | undefined;
    let errors: MetricsError[] = [];

    async function start(): Promise<MetricsBackend> {
      errors = [];
      instance = await harness.setup((error) => errors.push(error));
      return instance.backend;
    }

    async function flushed(backend: MetricsBackend): Promise<Observations> {
      await backend.flush();
      return observe(await instance!.received());
    }

    afterEach(async () => {
      if (instance === undefined) return;
      await instance.backend.close();
      await instance.teardown();
      instance = undefined;
    });

    it("sums counters per context, tags keeping contexts apart", async () => {
      const backend = await start();
      for (let i = 0; i < 30; i++) {
        backend.incr("conformance.requests", 1, { route: "/a" }, 1, undefined);
        backend.incr("conformance.requests", 2, { route: "/b" }, 1, undefined);
      }
      backend.incr("conformance.requests", 5, NO_TAGS, 1, undefined);
      const seen = await flushed(backend);
      if (tagsKept) {
        expect(seen.counters.get(contextOf("conformance.requests", { route: "/a" }))).toBe(30);
        expect(seen.counters.get(contextOf("conformance.requests", { route: "/b" }))).toBe(60);
        expect(seen.counters.get(contextOf("conformance.requests", {}))).toBe(5);
      } else {
        expect(seen.counters.get(contextOf("conformance.requests", {}))).toBe(95);
      }
    });

    it("carries sample rates so that counts stay unbiased", async () => {
      const backend = await start();
      for (let i = 0; i < 10; i++) backend.incr("conformance.sampled", 1, NO_TAGS, 0.25, undefined);
      backend.incr("conformance.sampled", 3, NO_TAGS, 1, undefined);
      const seen = await flushed(backend);
      expect(seen.counters.get(contextOf("conformance.sampled", {}))).toBeCloseTo(43, 6);
    });

    it("keeps the last gauge value per context", async () => {
      const backend = await start();
      for (const value of [3, 1, 4, 1, 5, 9, 2, 6])
        backend.gauge("conformance.depth", value, { q: "x" }, 1, undefined);
      backend.gauge("conformance.depth", -2.5, { q: "y" }, 1, undefined);
      const seen = await flushed(backend);
      if (tagsKept) expect(seen.gauges.get(contextOf("conformance.depth", { q: "x" }))).toBe(6);
      expect(seen.gauges.get(ctx("conformance.depth", { q: "y" }))).toBe(-2.5);
    });

    it("delivers every distribution value", async () => {
      const backend = await start();
      const values = Array.from({ length: 200 }, (_, i) => (i % 17) * 1.5 + i / 1000);
      for (const value of values)
        backend.distribution("conformance.size", value, { kind: "d" }, 1, undefined);
      const seen = await flushed(backend);
      const want = [...values].sort((a, b) => a - b);
      if (histograms) {
        expectSummaryOf(
          seen.distributionSummaries.get(ctx("conformance.size", { kind: "d" })),
          want,
        );
        return;
      }
      const got = [...(seen.distributions.get(ctx("conformance.size", { kind: "d" })) ?? [])].sort(
        (a, b) => a - b,
      );
      expect(got).toHaveLength(want.length);
      got.forEach((value, i) => expect(value).toBeCloseTo(want[i]!, 6));
    });

    it(`delivers timings as ${wire.timingType} values scaled by ${wire.timingScale}`, async () => {
      const backend = await start();
      const seconds = [0.001, 0.042, 0.5, 1.25, 3];
      for (const value of seconds) backend.timing("conformance.latency", value, { op: "q" }, 1);
      const seen = await flushed(backend);
      const context = ctx("conformance.latency", { op: "q" });
      if (histograms) {
        const summaries =
          wire.timingType === "timing" ? seen.timingSummaries : seen.distributionSummaries;
        expectSummaryOf(
          summaries.get(context),
          seconds.map((value) => value * wire.timingScale),
        );
        return;
      }
      const map = wire.timingType === "timing" ? seen.timings : seen.distributions;
      const got = [...(map.get(context) ?? [])].sort((a, b) => a - b);
      expect(got).toHaveLength(seconds.length);
      got.forEach((value, i) => expect(value).toBeCloseTo(seconds[i]! * wire.timingScale, 3));
    });

    it("counts unique set members per window", async () => {
      const backend = await start();
      for (const member of ["u1", "u2", "u1", 7, "7", "u3", "u2"])
        backend.set("conformance.users", member, NO_TAGS, 1);
      const seen = await flushed(backend);
      const context = contextOf("conformance.users", {});
      if (wire.setsArriveAs === "members") {
        expect([...(seen.sets.get(context) ?? [])].sort()).toEqual(["7", "u1", "u2", "u3"]);
      } else {
        expect(seen.gauges.get(context)).toBe(4);
      }
    });

    it("flush() resolves on an empty backend and sends nothing", async () => {
      const backend = await start();
      await backend.flush();
      expect(await instance!.received()).toEqual([]);
    });

    it("close() drains what was never flushed, and can be called twice", async () => {
      const backend = await start();
      backend.incr("conformance.drain", 4, NO_TAGS, 1, undefined);
      backend.gauge("conformance.drain.gauge", 8, NO_TAGS, 1, undefined);
      await backend.close();
      await backend.close();
      const seen = observe(await instance!.received());
      expect(seen.counters.get(contextOf("conformance.drain", {}))).toBe(4);
      expect(seen.gauges.get(contextOf("conformance.drain.gauge", {}))).toBe(8);
    });

    it("drops calls after close(), reports them as closed, never throws", async () => {
      const backend = await start();
      await backend.close();
      expect(() => {
        backend.incr("conformance.late", 1, NO_TAGS, 1, undefined);
        backend.gauge("conformance.late", 1, NO_TAGS, 1, undefined);
        backend.distribution("conformance.late", 1, NO_TAGS, 1, undefined);
        backend.timing("conformance.late", 1, NO_TAGS, 1);
        backend.set("conformance.late", "m", NO_TAGS, 1);
      }).not.toThrow();
      await backend.flush();
      await backend.close();
      expect(await instance!.received()).toEqual([]);
      expect(errors.some((error) => error.code === "closed")).toBe(true);
    });

    // A log line is for people: only a wire must keep hostile text from forging metrics.
    if (wire.wireSafety !== false) {
      it("never lets a hostile key add, split or rename a metric", async () => {
        const backend = await start();
        const keys = HOSTILE_STRINGS.map((text, i) => `conformance.hostile.${marker(i)}.${text}`);
        keys.forEach((key, i) => backend.gauge(key, i, NO_TAGS, 1, undefined));
        await backend.flush();
        expectOneGaugePerMarker(await instance!.received(), keys.length);
      });

      it("never lets a hostile tag name or value add a tag or split a metric", async () => {
        const backend = await start();
        const count = HOSTILE_STRINGS.length * 2;
        HOSTILE_STRINGS.forEach((text, i) => {
          backend.gauge(
            `conformance.tagged.${marker(i)}`,
            i,
            tagsFromPairs([
              ["fixed", "yes"],
              ["value", text],
            ]),
            1,
            undefined,
          );
          const j = i + HOSTILE_STRINGS.length;
          backend.gauge(
            `conformance.tagged.${marker(j)}`,
            j,
            tagsFromPairs([
              ["fixed", "yes"],
              [text === "" ? "empty" : text, "v"],
            ]),
            1,
            undefined,
          );
        });
        await backend.flush();
        const received = await instance!.received();
        const gauges = expectOneGaugePerMarker(received, count);
        for (const gauge of gauges) {
          // Where an empty value means "no such tag" (Prometheus), the tag with value "" is absent.
          const i = Number(markersIn(gauge.key)[0]!.slice(1, -1));
          const empty = wire.emptyTagValueIsAbsent === true && HOSTILE_STRINGS[i] === "";
          expect(Object.keys(gauge.tags)).toHaveLength(tagsKept ? (empty ? 1 : 2) : 0);
        }
      });
    }

    it("sends a 10 kB key or tag whole, or drops and reports it, never a fragment", async () => {
      const backend = await start();
      backend.gauge(`conformance.long.${marker(0)}.${LONG_STRING}`, 0, NO_TAGS, 1, undefined);
      backend.gauge(`conformance.long.${marker(1)}`, 1, { long: LONG_STRING }, 1, undefined);
      backend.gauge(`conformance.long.${marker(2)}`, 2, NO_TAGS, 1, undefined);
      await backend.flush();
      const received = await instance!.received();
      const arrived = new Set(received.map((metric) => markersIn(metric.key)[0]));
      expect(arrived.has(marker(2))).toBe(true);
      for (const metric of received) expect(markersIn(metric.key)).toHaveLength(1);
      for (const i of [0, 1]) {
        const reported = errors.some((error) => error.code === "dropped");
        expect(arrived.has(marker(i)) || reported).toBe(true);
      }
    });
  });
}

/** A histogram must count every value and sum them; min and max must match where carried. */
function expectSummaryOf(summary: Summary | undefined, values: number[]): void {
  expect(summary?.count).toBe(values.length);
  expect(summary?.sum).toBeCloseTo(
    values.reduce((sum, value) => sum + value, 0),
    6,
  );
  if (!Number.isNaN(summary?.min)) expect(summary?.min).toBeCloseTo(Math.min(...values), 6);
  if (!Number.isNaN(summary?.max)) expect(summary?.max).toBeCloseTo(Math.max(...values), 6);
}

function markersIn(text: string): string[] {
  return text.match(/m\d+z/g) ?? [];
}

/** Asserts that exactly `count` gauges arrived, one per marker, each with its own value. */
function expectOneGaugePerMarker(received: ReceivedMetric[], count: number): ReceivedMetric[] {
  const gauges = received.filter((metric) => metric.type === "gauge");
  expect(received).toHaveLength(gauges.length);
  expect(gauges).toHaveLength(count);
  const byMarker = new Map<string, ReceivedMetric>();
  for (const gauge of gauges) {
    const markers = markersIn(gauge.key);
    expect(markers).toHaveLength(1);
    byMarker.set(markers[0]!, gauge);
  }
  for (let i = 0; i < count; i++) expect(Number(byMarker.get(marker(i))?.value)).toBe(i);
  return gauges;
}
