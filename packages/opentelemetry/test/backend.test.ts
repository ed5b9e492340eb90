import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { MetricsError } from "@metrics/core";
import { type Meter, type MeterProvider, metrics } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { OpenTelemetryBackend } from "../src/index.js";
import { startInMemorySdk } from "./in-memory-sdk.js";
import { startOtlpReceiver } from "./otlp-receiver.js";

type Sdk = ReturnType<typeof startInMemorySdk>;

describe("OpenTelemetryBackend", () => {
  let sdk: Sdk;
  let errors: MetricsError[] = [];
  const onError = (error: MetricsError) => errors.push(error);

  afterEach(async () => {
    metrics.disable();
    await sdk?.shutdown();
    errors = [];
  });

  it("follows the global MeterProvider, even one registered after the backend was built", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ onError });
    backend.incr("before.registration", 1, {}, 1, undefined); // to the no-op provider
    metrics.setGlobalMeterProvider(sdk.meterProvider);
    backend.incr("after.registration", 2, {}, 1, undefined);
    await backend.close();
    expect(sdk.received().map((m) => [m.key, m.value])).toEqual([["after.registration", 2]]);
  });

  it("makes names valid for OpenTelemetry and refuses a key that would merge into another", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    backend.incr("5xx:rate per/sec", 1, {}, 1, undefined);
    backend.incr("jobs:done", 1, {}, 1, undefined);
    backend.incr("jobs_done", 7, {}, 1, undefined); // the same instrument name: refused
    backend.incr("JOBS:DONE", 9, {}, 1, undefined); // names are case-insensitive: refused
    await backend.close();
    const got = sdk.received().map((m) => [m.key, m.value]);
    expect(got).toEqual([
      ["metric_5xx_rate_per/sec", 1],
      ["jobs_done", 1],
    ]);
    expect(errors.map((e) => e.code)).toEqual(["dropped", "dropped"]);
    expect(errors[0]!.message).toContain(
      '"jobs_done" becomes the instrument name "jobs_done" of "jobs:done"',
    );
  });

  it("reports a name used as two kinds, and exports both as the SDK does", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    backend.incr("conflict", 1, {}, 1, undefined);
    backend.gauge("conflict", 5, {}, 1, undefined);
    backend.gauge("conflict", 6, {}, 1, undefined);
    await backend.close();
    expect(sdk.received().map((m) => [m.type, m.value])).toEqual([
      ["counter", 1],
      ["gauge", 6],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "invalid_key" });
    expect(errors[0]!.message).toMatch(/gauge .* and also a counter/);
  });

  it("creates each instrument once per kind, key and unit", async () => {
    sdk = startInMemorySdk();
    const created: string[] = [];
    const counting: MeterProvider = {
      getMeter(name, version, options) {
        const meter = sdk.meterProvider.getMeter(name, version, options);
        return new Proxy(meter, {
          get(target, property: keyof Meter) {
            const value = target[property];
            if (typeof value !== "function") return value;
            return (...args: unknown[]) => {
              created.push(`${String(property)}:${String(args[0])}`);
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
      },
    };
    const backend = new OpenTelemetryBackend({ meterProvider: counting, onError });
    for (let i = 0; i < 50; i++) {
      backend.distribution("size", i, { i: String(i % 3) }, 1, "By");
      backend.distribution("size.plain", i, {}, 1, undefined);
      backend.timing("took", i / 100, {}, 1);
      backend.incr("count", 1, {}, 1, undefined);
    }
    await backend.close();
    expect(created.sort()).toEqual([
      "createCounter:count",
      "createHistogram:size",
      "createHistogram:size.plain",
      "createHistogram:took",
    ]);
    expect(errors).toEqual([]);
  });

  it("keeps attributes as they were at the call, when the caller changes its tags later", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    const tags: Record<string, string> = { route: "/a" };
    backend.incr("requests", 1, tags, 1, undefined);
    tags.route = "/b";
    await backend.close();
    expect(sdk.received()[0]!.tags).toEqual({ route: "/a" });
  });

  it("drops and reports a negative counter amount or histogram value", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    backend.incr("down", -1, {}, 1, undefined);
    backend.distribution("below", -5, {}, 1, undefined);
    backend.incr("down", 2, {}, 1, undefined);
    await backend.close();
    expect(sdk.received().map((m) => [m.key, m.value])).toEqual([["down", 2]]);
    expect(errors.map((e) => e.code)).toEqual(["invalid_value", "invalid_value"]);
  });

  it("keeps set members bounded even when nothing ever collects them (the API's no-op provider)", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ maxSetMembers: 100, onError });
    for (let i = 0; i < 1000; i++) backend.set("lonely", `m${i}`, { shard: String(i % 7) }, 1);
    await backend.close();
    // The first refusal at once, the rest summed into one summary at close(): 900 lost in all.
    expect(errors.map((e) => e.code)).toEqual(["dropped", "dropped"]);
    expect(errors[0]!.message).toMatch(/holds maxSetMembers \(100\)/);
    expect(errors.reduce((sum, e) => sum + (e.dropped ?? 0), 0)).toBe(900);
  });

  it("flushes the provider it was given but never shuts it down", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    backend.incr("mine", 1, {}, 1, undefined);
    await backend.close();
    sdk.meterProvider.getMeter("app").createCounter("theirs").add(4);
    await sdk.meterProvider.forceFlush();
    expect(sdk.received().map((m) => [m.key, m.value])).toEqual([
      ["mine", 1],
      ["theirs", 4],
    ]);
  });

  it("flushes at a natural exit: a process that ends on its own loses nothing", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const script = fileURLToPath(new URL("fixtures/natural-exit.mjs", import.meta.url));
      await promisify(execFile)(process.execPath, [script, receiver.url], { timeout: 15_000 });
      expect(receiver.points.map((p) => [p.name, p.value])).toEqual([["exit.counted", 5]]);
    } finally {
      await receiver.close();
    }
  });
});
