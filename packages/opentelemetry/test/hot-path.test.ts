import type { MetricsError } from "@metrics/core";
import { metrics } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { OpenTelemetryBackend } from "../src/index.js";
import { startInMemorySdk } from "./in-memory-sdk.js";

type Sdk = ReturnType<typeof startInMemorySdk>;

// `incr` of a counter already made (no unit, the provider given at construction) skips the
// lookups of a first call; these tests check that the shortcut keeps every rule of the slow path.
describe("incr of a counter seen before", () => {
  const sdks: Sdk[] = [];
  let errors: MetricsError[] = [];
  const onError = (error: MetricsError) => errors.push(error);
  const sdk = () => {
    const started = startInMemorySdk();
    sdks.push(started);
    return started;
  };

  afterEach(async () => {
    metrics.disable();
    for (const started of sdks.splice(0)) await started.shutdown();
    errors = [];
  });

  it("divides a sampled amount by its rate, on every call", async () => {
    const { meterProvider, received } = sdk();
    const backend = new OpenTelemetryBackend({ meterProvider, onError });
    for (let i = 0; i < 3; i++) backend.incr("sampled", 1, { q: "a" }, 0.25, undefined);
    await backend.close();
    expect(received().map((m) => [m.key, m.tags, m.value])).toEqual([["sampled", { q: "a" }, 12]]);
    expect(errors).toEqual([]);
  });

  it("drops and reports a negative amount every time, the counter's sum untouched", async () => {
    const { meterProvider, received } = sdk();
    const backend = new OpenTelemetryBackend({ meterProvider, onError });
    backend.incr("down", 5, {}, 1, undefined);
    backend.incr("down", -1, {}, 1, undefined);
    backend.incr("down", -2, {}, 1, undefined);
    backend.incr("down", 1, {}, 1, undefined);
    await backend.close();
    expect(received().map((m) => [m.key, m.value])).toEqual([["down", 6]]);
    // One report at once, the second summed into the window's summary at close: 2 dropped.
    expect(errors.every((e) => e.code === "invalid_value")).toBe(true);
    expect(errors.reduce((sum, e) => sum + (e.dropped ?? 0), 0)).toBe(2);
  });

  it("drops and reports calls after close(), even of a counter made before", async () => {
    const { meterProvider, received } = sdk();
    const backend = new OpenTelemetryBackend({ meterProvider, onError });
    backend.incr("late", 1, { q: "a" }, 1, undefined);
    await backend.close();
    for (let i = 0; i < 3; i++) backend.incr("late", 1, { q: "a" }, 1, undefined);
    await meterProvider.forceFlush();
    expect(received().map((m) => [m.key, m.value])).toEqual([["late", 1]]);
    expect(errors.map((e) => e.code)).toEqual(["closed"]); // later ones throttled, as for any key
  });

  it("copies the tags on every call: a caller's object changed between calls makes its own series", async () => {
    const { meterProvider, received } = sdk();
    const backend = new OpenTelemetryBackend({ meterProvider, onError });
    const tags: Record<string, string> = { route: "/a" };
    for (const route of ["/a", "/b", "/c"]) {
      tags.route = route;
      backend.incr("requests", 1, tags, 1, undefined);
      backend.incr("requests", 1, tags, 1, undefined);
    }
    tags.route = "/z"; // after the last call: changes nothing the SDK holds
    await backend.close();
    const got = received().map((m) => [m.tags.route, m.value]);
    expect(got.sort()).toEqual([
      ["/a", 2],
      ["/b", 2],
      ["/c", 2],
    ]);
  });

  it("follows the global provider for a key seen before: a provider registered later gets the next calls", async () => {
    const first = sdk();
    const second = sdk();
    const backend = new OpenTelemetryBackend({ onError });
    metrics.setGlobalMeterProvider(first.meterProvider);
    backend.incr("jobs", 1, {}, 1, undefined);
    backend.incr("jobs", 1, {}, 1, undefined);
    metrics.disable();
    metrics.setGlobalMeterProvider(second.meterProvider);
    backend.incr("jobs", 5, {}, 1, undefined);
    await first.meterProvider.forceFlush();
    await backend.close();
    expect(first.received().map((m) => [m.key, m.value])).toEqual([["jobs", 2]]);
    expect(second.received().map((m) => [m.key, m.value])).toEqual([["jobs", 5]]);
  });
});
