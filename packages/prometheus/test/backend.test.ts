import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { PrometheusBackend } from "../src/index.js";
import { parseExposition, type Sample } from "./exposition-parser.js";
import { startedBackends } from "./started-backends.js";

const { start, errors } = startedBackends();

async function scrape(backend: PrometheusBackend): Promise<Sample[]> {
  return parseExposition(await backend.metrics());
}

describe("PrometheusBackend", () => {
  it("refuses a second key that maps to the same name, and one name as two types", async () => {
    const backend = start();
    backend.gauge("a.b", 1, {}, 1, undefined);
    backend.gauge("a_b", 2, {}, 1, undefined); // also a_b: refused
    backend.distribution("lat", 1, {}, 1, undefined); // lat, lat_bucket, lat_sum, lat_count
    backend.gauge("lat_count", 3, {}, 1, undefined); // would mix into the histogram: refused
    backend.gauge("x", 1, {}, 1, undefined);
    backend.distribution("x", 1, {}, 1, undefined); // the same name as a histogram: refused
    backend.gauge("a_b", 9, {}, 1, undefined); // refused again, reported once
    const samples = await scrape(backend);
    expect(samples.filter((s) => s.type === "gauge").map((s) => [s.name, s.value])).toEqual([
      ["a_b", 1],
      ["x", 1],
    ]);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        "dropped",
        '@metrics/prometheus: "a_b" is named "a_b", which "a.b" (a gauge) already has; not recorded',
      ],
      [
        "dropped",
        '@metrics/prometheus: "lat_count" is named "lat_count", which "lat" (a histogram) already has; not recorded',
      ],
      [
        "dropped",
        '@metrics/prometheus: "x" as a histogram is named "x", already a gauge of the same key; not recorded',
      ],
    ]);
  });

  it("fixes label names at the first call: an extra tag is dropped (reported once), a missing one empty", async () => {
    const backend = start();
    backend.incr("req", 1, { route: "/a", method: "GET" }, 1, undefined);
    backend.incr("req", 1, { route: "/a", status: "500" }, 1, undefined);
    backend.incr("req", 1, { route: "/a", status: "404" }, 1, undefined);
    const samples = await scrape(backend);
    expect(samples.map((s) => [s.labels, s.value])).toEqual([
      [{ route: "/a", method: "GET" }, 1],
      [{ route: "/a" }, 2], // method empty: absent to Prometheus
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "invalid_tag", key: "req" });
  });

  it("keeps at most maxLabelSets label sets per metric, and reports the values dropped past it", async () => {
    const backend = start({ maxLabelSets: 3 });
    for (let i = 0; i < 5; i++) backend.incr("users", 1, { user: `u${i}` }, 1, undefined);
    backend.incr("users", 1, { user: "u0" }, 1, undefined); // a known label set still counts
    backend.incr("users", 1, { user: "u4" }, 1, undefined);
    await backend.flush();
    const samples = await scrape(backend);
    expect(samples.map((s) => [s.labels.user, s.value])).toEqual([
      ["u0", 2],
      ["u1", 1],
      ["u2", 1],
    ]);
    expect(errors.map((e) => [e.code, e.dropped])).toEqual([
      ["cardinality", undefined],
      ["dropped", 3],
    ]);
  });

  it("shows a set's unique members of the last complete window, every windowMs", async () => {
    const backend = start({ windowMs: 100 });
    for (const member of ["a", "b", "a"]) backend.set("visitors", member, { site: "x" }, 1);
    expect(await scrape(backend)).toEqual([]); // no window has ended yet
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await scrape(backend)).map((s) => s.value)).toEqual([2]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await scrape(backend)).map((s) => s.value)).toEqual([0]); // a silent window
  });

  it("counts at most maxSetMembers members per set and window, across its label sets", async () => {
    const backend = start({ maxSetMembers: 3 });
    for (const [member, site] of [
      ["a", "x"],
      ["b", "y"],
      ["a", "x"],
      ["c", "y"],
      ["d", "x"],
    ]) {
      backend.set("visitors", member!, { site: site! }, 1);
    }
    await backend.flush();
    expect((await scrape(backend)).map((s) => [s.labels.site, s.value])).toEqual([
      ["x", 1],
      ["y", 2],
    ]);
    expect(errors.map((e) => e.code)).toEqual(["dropped"]);
  });

  it("observes a sampled value 1/rate times, and divides a sampled counter's amount", async () => {
    const backend = start();
    for (let i = 0; i < 10; i++) backend.timing("t", 0.5, {}, 0.1);
    backend.incr("c", 3, {}, 0.5, undefined);
    const samples = await scrape(backend);
    const byName = Object.fromEntries(
      samples.map((s) => [s.name + JSON.stringify(s.labels), s.value]),
    );
    expect(byName["t_seconds_count{}"]).toBe(100);
    expect(byName["t_seconds_sum{}"]).toBe(50);
    expect(byName["c_total{}"]).toBe(6);
  });

  it("fills a registry it was given beside the application's metrics, and never clears it", async () => {
    const registry = new Registry();
    const own = new Counter({ name: "app_own_total", help: "theirs", registers: [registry] });
    own.inc(2);
    const backend = start({ registry });
    backend.incr("app.own", 1, {}, 1, undefined); // the application's name: refused
    backend.gauge("depth", 3, {}, 1, undefined);
    await backend.close();
    const samples = parseExposition(await registry.metrics());
    expect(samples.map((s) => [s.name, s.value])).toEqual([
      ["app_own_total", 2],
      ["depth", 3],
    ]);
    expect(errors[0]).toMatchObject({ code: "dropped" });
    expect(errors[0]!.message).toMatch(/cannot be registered as "app_own_total"/);
  });

  it("serves GET /metrics from listen() on a free port, 404 elsewhere, and stops at close()", async () => {
    const backend = start();
    backend.gauge("up.there", 1, {}, 1, undefined);
    const bound = await backend.listen({ port: 0, host: "127.0.0.1" });
    expect(bound.port).toBeGreaterThan(0);
    expect(bound.url).toBe(`http://127.0.0.1:${bound.port}/metrics`);
    const response = await fetch(bound.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(backend.contentType);
    expect(await response.text()).toContain("up_there 1");
    expect((await fetch(`http://127.0.0.1:${bound.port}/other`)).status).toBe(404);
    expect((await fetch(bound.url, { method: "POST" })).status).toBe(405);
    await expect(backend.listen({ port: 0 })).rejects.toThrow(/already listening/);
    await backend.close();
    await expect(fetch(bound.url)).rejects.toThrow();
  });

  it("listens from the constructor's listen option (JSON, as configureFromEnv passes it)", async () => {
    const backend = start(JSON.parse('{"listen":{"port":0,"host":"127.0.0.1"}}'));
    backend.gauge("from.env", 2, {}, 1, undefined);
    for (let i = 0; i < 100 && backend.address === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const text = await (await fetch(backend.address!.url)).text();
    expect(text).toContain("from_env 2");
    expect(() => start({ listen: { port: -1 } })).toThrow(/port must be/);
  });

  it("reports a listen option that cannot bind", async () => {
    const first = start();
    const { port } = await first.listen({ port: 0, host: "127.0.0.1" });
    start({ listen: { port, host: "127.0.0.1" } });
    for (let i = 0; i < 100 && errors.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(errors.map((e) => e.code)).toEqual(["transport_error"]);
    expect(errors[0]!.message).toMatch(/could not listen on port/);
  });

  it("rejects a bad port or host, naming it", async () => {
    const backend = start();
    await expect(backend.listen({ port: 70_000 })).rejects.toThrow(/port must be/);
    await expect(backend.listen({ port: 0, host: "" })).rejects.toThrow(/host must be/);
    expect(() => start({ windowMs: 0 })).toThrow(/windowMs/);
    expect(() => start({ buckets: [1, 1] })).toThrow(/buckets/);
  });

  it("keeps label sets apart whatever their values contain", async () => {
    const backend = start();
    backend.incr("pairs", 1, { a: "x,y", b: "z" }, 1, undefined);
    backend.incr("pairs", 2, { a: "x", b: "y,z" }, 1, undefined);
    backend.incr("pairs", 4, { a: 'x"', b: "\u0000" }, 1, undefined);
    backend.incr("pairs", 8, { a: "x", b: "y,z" }, 1, undefined);
    const samples = await scrape(backend);
    expect(samples.map((s) => [s.labels, s.value])).toEqual([
      [{ a: "x,y", b: "z" }, 1],
      [{ a: "x", b: "y,z" }, 10],
      [{ a: 'x"', b: "\u0000" }, 4],
    ]);
  });

  it("hands counts to prom-client at each scrape: totals keep growing across scrapes", async () => {
    const backend = start();
    backend.incr("grow", 2, {}, 1, undefined);
    expect((await scrape(backend)).map((s) => s.value)).toEqual([2]);
    expect((await scrape(backend)).map((s) => s.value)).toEqual([2]);
    backend.incr("grow", 3, {}, 1, undefined);
    expect((await scrape(backend)).map((s) => s.value)).toEqual([5]);
  });

  it("drops and reports the call that would overflow a counter's sum, never +Inf", async () => {
    const backend = start();
    backend.incr("huge", Number.MAX_VALUE, {}, 1, undefined);
    backend.incr("huge", Number.MAX_VALUE, {}, 1, undefined);
    backend.incr("other", 1, {}, 1, undefined);
    expect((await scrape(backend)).map((s) => s.value)).toEqual([Number.MAX_VALUE, 1]);
    expect(errors.map((e) => e.code)).toEqual(["invalid_value"]);
  });

  it("drops a negative counter amount and reports it", async () => {
    const backend = start();
    backend.incr("down", -1, {}, 1, undefined);
    expect(await scrape(backend)).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(["invalid_value"]);
  });
});
