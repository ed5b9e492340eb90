import type { Tags } from "@metrics/core";
import { describe, expect, it } from "vitest";
import type { PrometheusBackend } from "../src/index.js";
import { parseExposition } from "./exposition-parser.js";
import { startedBackends } from "./started-backends.js";

// A series seen before is found along the caller's tags in their order (the hot path), remembered
// after the label names found it. These tests check that the shortcut always lands on the series
// the label names give, and never goes around the cap, the label names or the reports.

const { start, errors } = startedBackends();

/** Each sample as [labels, value], in the registry's order. */
async function series(backend: PrometheusBackend): Promise<[Record<string, string>, number][]> {
  return parseExposition(await backend.metrics()).map((s) => [s.labels, s.value]);
}

describe("finding a series along the caller's tags", () => {
  it("finds one series for the same tags in any order, each order seen twice", async () => {
    const backend = start();
    const orders: Tags[] = [
      { a: "1", b: "2", c: "3" },
      { c: "3", b: "2", a: "1" },
      { b: "2", a: "1", c: "3" },
    ];
    for (let round = 0; round < 2; round++) {
      for (const tags of orders) backend.incr("req", 1, tags, 1, undefined);
    }
    expect(await series(backend)).toEqual([[{ a: "1", b: "2", c: "3" }, 6]]);
    expect(errors).toEqual([]);
  });

  it("keeps a tag set apart from the same tags with one more label", async () => {
    const backend = start();
    for (let i = 0; i < 2; i++) {
      backend.incr("req", 1, { a: "1", b: "2" }, 1, undefined); // fixes the labels a, b
      backend.incr("req", 10, { a: "1" }, 1, undefined); // b missing: empty
      backend.incr("req", 100, { b: "2", a: "1" }, 1, undefined);
      backend.incr("req", 1000, { b: "", a: "1" }, 1, undefined); // the same as b missing
    }
    expect(await series(backend)).toEqual([
      [{ a: "1", b: "2" }, 202],
      [{ a: "1" }, 2020],
    ]);
    expect(errors).toEqual([]);
  });

  it("still finds the right series when more orders come than it remembers (2 × maxLabelSets)", async () => {
    const backend = start({ maxLabelSets: 1 });
    // Six orders of three labels, one series: two orders remembered, four found by label names.
    const names = [
      ["a", "b", "c"],
      ["a", "c", "b"],
      ["b", "a", "c"],
      ["b", "c", "a"],
      ["c", "a", "b"],
      ["c", "b", "a"],
    ];
    for (let round = 0; round < 3; round++) {
      for (const order of names) {
        const tags: Record<string, string> = {};
        for (const name of order) tags[name] = name.toUpperCase();
        backend.incr("req", 1, tags, 1, undefined);
      }
    }
    expect(await series(backend)).toEqual([[{ a: "A", b: "B", c: "C" }, 18]]);
    expect(errors).toEqual([]);
  });

  it("drops a tag set refused at the cap every time it comes back, and counts each drop", async () => {
    const backend = start({ maxLabelSets: 2 });
    for (let round = 0; round < 3; round++) {
      for (const user of ["u0", "u1", "u2", "u3"]) backend.gauge("g", 1, { user }, 1, undefined);
      for (const user of ["u0", "u1", "u2", "u3"]) backend.incr("c", 1, { user }, 1, undefined);
    }
    await backend.flush();
    expect(await series(backend)).toEqual([
      [{ user: "u0" }, 1],
      [{ user: "u1" }, 1],
      [{ user: "u0" }, 3],
      [{ user: "u1" }, 3],
    ]);
    const dropped = errors.filter((e) => e.code === "dropped");
    expect(dropped.map((e) => [e.key, e.dropped])).toEqual([
      ["g", 6],
      ["c", 6],
    ]);
    expect(errors.filter((e) => e.code === "cardinality").map((e) => e.key)).toEqual(["g", "c"]);
  });

  it("drops an extra tag on every call, however often the tags come, and reports it once", async () => {
    const backend = start();
    backend.incr("req", 1, { route: "/a" }, 1, undefined); // fixes the label route
    for (let i = 0; i < 3; i++) {
      backend.incr("req", 10, { route: "/a", user: "u1" }, 1, undefined);
      backend.incr("req", 100, { user: "u1", route: "/b" }, 1, undefined);
    }
    expect(await series(backend)).toEqual([
      [{ route: "/a" }, 31],
      [{ route: "/b" }, 300],
    ]);
    expect(errors.map((e) => [e.code, e.key])).toEqual([["invalid_tag", "req"]]);
  });

  it("treats a value that is not a string (a caller bypassing the facade) as no label, every time", async () => {
    const backend = start();
    backend.incr("req", 1, { route: "5" }, 1, undefined);
    for (let i = 0; i < 2; i++) {
      backend.incr("req", 10, { route: 5 } as unknown as Tags, 1, undefined);
      backend.incr("req", 100, { route: "5" }, 1, undefined);
    }
    expect(await series(backend)).toEqual([
      [{ route: "5" }, 201],
      [{}, 20],
    ]);
  });

  it("keeps every kind on its series along the same paths: gauges, histograms and sets", async () => {
    const backend = start();
    for (let i = 1; i <= 2; i++) {
      backend.gauge("depth", i, { q: "a", r: "x" }, 1, undefined);
      backend.gauge("depth", 10 * i, { r: "x", q: "b" }, 1, undefined);
      backend.distribution("size", i, { q: "a" }, 1, undefined);
      backend.set("users", `u${i}`, { q: "a" }, 1);
    }
    await backend.flush();
    const samples = parseExposition(await backend.metrics());
    const pick = (name: string) =>
      samples.filter((s) => s.name === name).map((s) => [s.labels, s.value]);
    expect(pick("depth")).toEqual([
      [{ q: "a", r: "x" }, 2],
      [{ q: "b", r: "x" }, 20],
    ]);
    expect(pick("size_count")).toEqual([[{ q: "a" }, 2]]);
    expect(pick("size_sum")).toEqual([[{ q: "a" }, 3]]);
    expect(pick("users")).toEqual([[{ q: "a" }, 2]]);
  });

  it("drops and reports calls of a counter seen before once the backend is closed", async () => {
    const backend = start();
    backend.incr("late", 1, { route: "/a" }, 1, undefined);
    await backend.close();
    backend.incr("late", 1, { route: "/a" }, 1, undefined);
    backend.incr("late", 1, { route: "/a" }, 1, undefined);
    expect(await series(backend)).toEqual([[{ route: "/a" }, 1]]);
    expect(errors.map((e) => e.code)).toEqual(["closed"]);
  });
});
