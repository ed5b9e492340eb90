import type { MetricsError, Tags } from "@metrics/core";
import type { Attributes } from "@opentelemetry/api";
import type { ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import { OpenTelemetryBackend } from "../src/index.js";
import { startInMemorySdk } from "./in-memory-sdk.js";

type Sdk = ReturnType<typeof startInMemorySdk>;

/** Every exported data point as [instrument name, unit, attributes exactly as exported]. */
function points(exports: ResourceMetrics[]): [string, string, Attributes][] {
  return exports.flatMap((resource) =>
    resource.scopeMetrics.flatMap((scope) =>
      scope.metrics.flatMap((metric) =>
        metric.dataPoints.map((point): [string, string, Attributes] => [
          metric.descriptor.name,
          metric.descriptor.unit,
          point.attributes,
        ]),
      ),
    ),
  );
}

describe("tags as OpenTelemetry attributes", () => {
  let sdk: Sdk;
  let errors: MetricsError[] = [];
  const onError = (error: MetricsError) => errors.push(error);

  afterEach(async () => {
    await sdk?.shutdown();
    errors = [];
  });

  it("the SDK keeps the very object it is given for a new series: why the backend copies tags", async () => {
    sdk = startInMemorySdk();
    const counter = sdk.meterProvider.getMeter("direct").createCounter("direct.requests");
    const attributes: Record<string, string> = { route: "/a" };
    counter.add(1, attributes);
    attributes.route = "/b"; // the caller reuses its object after the call
    await sdk.meterProvider.forceFlush();
    // The SDK exports the object as it is at collection time, not as it was at the call: a
    // backend that passed the caller's tags through would report a series that never existed.
    expect(points(sdk.exporter.getMetrics()).map(([, , a]) => a)).toEqual([{ route: "/b" }]);
  });

  it("keeps attributes as they were at the call for every kind, when the caller changes its tags later", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    const tags: Record<string, string> = { route: "/a" };
    backend.incr("requests", 1, tags, 1, undefined);
    backend.gauge("depth", 3, tags, 1, undefined);
    backend.distribution("size", 10, tags, 1, "By");
    backend.distribution("ratio", 0.5, tags, 0.5, undefined); // the sampled path: two records
    backend.timing("took", 0.2, tags, 1);
    backend.set("users", "u1", tags, 1);
    tags.route = "/b";
    // The same object again, now holding /b: a series of its own, /a left as it was.
    backend.incr("requests", 1, tags, 1, undefined);
    backend.set("users", "u2", tags, 1);
    tags.route = "/c";
    await backend.close();
    const got = sdk.received().map((m) => [m.key, m.tags.route, m.count ?? m.value]);
    expect(got.sort()).toEqual(
      [
        ["depth", "/a", 3],
        ["ratio", "/a", 2],
        ["requests", "/a", 1],
        ["requests", "/b", 1],
        ["size", "/a", 1],
        ["took", "/a", 1],
        ["users", "/a", 1],
        ["users", "/b", 1],
      ].sort(),
    );
    expect(errors).toEqual([]);
  });

  it("passes tag values other than strings on as given (a caller bypassing the facade)", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    // The facade hands over strings only; OpenTelemetry attributes also take numbers and booleans.
    const tags = { shard: 3, cached: true, region: "eu" } as unknown as Tags;
    backend.incr("lookups", 1, tags, 1, undefined);
    await backend.close();
    expect(points(sdk.exporter.getMetrics())).toEqual([
      ["lookups", "", { shard: 3, cached: true, region: "eu" }],
    ]);
  });

  it("keeps a key with a unit and the same key without one apart, call after call", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    for (let i = 0; i < 3; i++) {
      backend.distribution("payload", 100, { via: "unit" }, 1, "By");
      backend.distribution("payload", 7, { via: "plain" }, 1, undefined);
      backend.incr("hits", 1, { via: "unit" }, 1, "{request}");
      backend.incr("hits", 2, { via: "plain" }, 1, undefined);
    }
    await backend.close();
    const byStream = sdk
      .received()
      .map((m) => [m.key, m.tags.via, m.type, m.value, m.count ?? null]);
    expect(byStream.sort()).toEqual(
      [
        ["hits", "plain", "counter", 6, null],
        ["hits", "unit", "counter", 3, null],
        ["payload", "plain", "distribution", 21, 3],
        ["payload", "unit", "distribution", 300, 3],
      ].sort(),
    );
    const units = points(sdk.exporter.getMetrics()).map(([name, unit, a]) => [name, unit, a.via]);
    expect(units.sort()).toEqual(
      [
        ["hits", "", "plain"],
        ["hits", "{request}", "unit"],
        ["payload", "", "plain"],
        ["payload", "By", "unit"],
      ].sort(),
    );
    // One report per key for the unit conflict, at the second instrument's creation.
    expect(errors.map((e) => [e.code, e.key])).toEqual([
      ["invalid_key", "payload"],
      ["invalid_key", "hits"],
    ]);
  });

  it("reports every call of a refused key as dropped, not only the first", async () => {
    sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    backend.incr("jobs:done", 1, {}, 1, undefined);
    for (let i = 0; i < 5; i++) backend.incr("jobs_done", 1, {}, 1, undefined); // refused
    await backend.close();
    expect(sdk.received().map((m) => [m.key, m.value])).toEqual([["jobs_done", 1]]);
    expect(errors.every((e) => e.code === "dropped")).toBe(true);
    expect(errors.reduce((sum, e) => sum + (e.dropped ?? 0), 0)).toBe(5);
  });
});
