import { describe, expect, it } from "vitest";
import * as core from "../src/index.js";
import {
  addGlobalTags,
  close,
  configure,
  distribution,
  flush,
  gauge,
  getBackend,
  incr,
  MetricsError,
  metrics,
  set,
  timing,
  withTags,
} from "../src/index.js";
import { MemoryBackend } from "../src/testing.js";
import { useMemory } from "./setup.js";

describe("the facade", () => {
  it("sends each kind of metric to the backend with key, value, tags, rate and unit", () => {
    const { memory } = useMemory();
    incr("jobs.processed", { tags: { queue: "email" } });
    incr("bytes.read", 512, { tags: { disk: "a" } });
    incr("bytes.written", { amount: 64 });
    gauge("queue.depth", 10, { tags: { queue: "email" } });
    distribution("payload.size", 2048, { unit: "byte" });
    timing("db.query", 0.042, { tags: { table: "users" } });
    set("users.active", "u-1");
    expect(memory.records).toEqual([
      { type: "counter", key: "jobs.processed", value: 1, tags: { queue: "email" }, sampleRate: 1 },
      { type: "counter", key: "bytes.read", value: 512, tags: { disk: "a" }, sampleRate: 1 },
      { type: "counter", key: "bytes.written", value: 64, tags: {}, sampleRate: 1 },
      { type: "gauge", key: "queue.depth", value: 10, tags: { queue: "email" }, sampleRate: 1 },
      {
        type: "distribution",
        key: "payload.size",
        value: 2048,
        tags: {},
        sampleRate: 1,
        unit: "byte",
      },
      {
        type: "timing",
        key: "db.query",
        value: 0.042,
        tags: { table: "users" },
        sampleRate: 1,
        unit: "second",
      },
      { type: "set", key: "users.active", value: "u-1", tags: {}, sampleRate: 1 },
    ]);
  });

  it("exposes every function both as a named export and on `metrics`", () => {
    for (const name of Object.keys(metrics) as (keyof typeof metrics)[]) {
      expect(metrics[name]).toBe((core as Record<string, unknown>)[name]);
    }
    expect(Object.keys(metrics).sort()).toEqual(
      [
        "incr",
        "gauge",
        "distribution",
        "timing",
        "set",
        "timer",
        "time",
        "wraps",
        "withTags",
        "addGlobalTags",
        "configure",
        "getBackend",
        "flush",
        "close",
        "configureFromEnv",
        "event",
      ].sort(),
    );
  });

  it("applies the prefix with or without its trailing dot", () => {
    const { memory } = useMemory();
    configure({ prefix: "myapp" });
    incr("a");
    configure({ prefix: "other." });
    incr("b");
    expect(memory.records.map((record) => record.key)).toEqual(["myapp.a", "other.b"]);
  });

  it("merges tags: global, then scopes outer to inner, then the call, then instance", () => {
    const { memory } = useMemory();
    configure({ globalTags: { env: "prod", region: "eu", level: "global" } });
    addGlobalTags({ region: "us", team: "core" });
    withTags({ level: "outer", outer: 1 }, () => {
      withTags({ level: "inner", inner: true }, () => {
        incr("k", {
          tags: { level: "call", instance: "from-tags", gone: null, none: undefined },
          instance: "i-1",
        });
      });
    });
    expect(memory.records[0]!.tags).toEqual({
      env: "prod",
      region: "us",
      team: "core",
      level: "call",
      outer: "1",
      inner: "true",
      instance: "i-1",
    });
  });

  it("reads a tag object's enumerable tags, inherited ones included, the same on every path", () => {
    const { memory } = useMemory();
    const defaults = { service: "api" };
    const strings = Object.assign(Object.create(defaults), { route: "/a" });
    const mixed = Object.assign(Object.create(defaults), { route: "/b", status: 200 });
    const bare = Object.assign(Object.create(null), { route: "/c" });
    class Tagged {
      route = "/d";
      describe() {
        return this.route;
      }
    }
    incr("k", { tags: strings }); // passed on as given
    incr("k", { tags: mixed }); // copied, the number made a string
    withTags({ scoped: "yes" }, () => incr("k", { tags: strings })); // merged
    incr("k", { tags: bare });
    incr("k", { tags: new Tagged() as unknown as Record<string, string> });
    expect(memory.records.map((record) => record.tags)).toEqual([
      { service: "api", route: "/a" },
      { service: "api", route: "/b", status: "200" },
      { scoped: "yes", service: "api", route: "/a" },
      { route: "/c" },
      { route: "/d" },
    ]);
  });
  it("keeps what configure was not given, and swaps backends when called again", () => {
    const { memory } = useMemory();
    configure({ prefix: "app" });
    configure({ sampleRate: 1 });
    incr("a");
    const second = new MemoryBackend();
    configure({ backend: second });
    incr("b");
    expect(memory.records.map((r) => r.key)).toEqual(["app.a"]);
    expect(second.records.map((r) => r.key)).toEqual(["app.b"]);
    expect(getBackend()).toBe(second);
  });

  it("rejects bad configuration early with a MetricsError naming the option and what was given", () => {
    const thrown = (options: unknown): MetricsError => {
      try {
        configure(options as never);
      } catch (error) {
        expect(error).toBeInstanceOf(MetricsError);
        expect((error as MetricsError).code).toBe("invalid_option");
        return error as MetricsError;
      }
      throw new Error("configure() did not throw");
    };
    expect(thrown({ backend: {} }).message).toBe(
      "configure(): backend must implement MetricsBackend; an object lacks incr, gauge, distribution, timing, set, flush, close",
    );
    const memory = new MemoryBackend();
    const noFlush = {
      incr: memory.incr,
      gauge: memory.gauge,
      distribution: memory.distribution,
      timing: memory.timing,
      set: memory.set,
      flush: 1,
      close: memory.close,
    };
    expect(thrown({ backend: noFlush }).message).toMatch(/; the backend lacks flush$/);
    expect(thrown({ sampleRate: 0 }).message).toBe(
      "configure(): sampleRate must be a number in (0, 1], got 0",
    );
    expect(thrown({ sampleRate: "0.5" }).message).toMatch(/got "0.5"$/);
    expect(thrown({ prefix: 3 }).message).toBe("configure(): prefix must be a string, got 3");
    expect(thrown({ onError: "x" }).message).toMatch(/onError must be a function, got "x"$/);
    expect(thrown({ globalTags: null }).message).toMatch(/globalTags must be an object, got null$/);
    expect(thrown(null).message).toBe(
      "configure(): options must be an object such as { backend }, got null",
    );
    expect(thrown("statsd").message).toMatch(/got "statsd"$/);
    expect(thrown(undefined).message).toMatch(/got undefined$/);
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(thrown(hostile).message).toBe("configure(): reading the options threw Error: trap");
    const unreadableTags = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("keys");
        },
      },
    );
    expect(thrown({ globalTags: unreadableTags }).message).toMatch(/globalTags could not be read/);
  });

  it("uses the no-op backend until configured, and again after close()", async () => {
    const noop = getBackend();
    expect(() => incr("nothing")).not.toThrow();
    const { memory } = useMemory();
    expect(getBackend()).toBe(memory);
    incr("before");
    await close();
    expect(getBackend()).toBe(noop);
    incr("after");
    expect(memory.records.map((r) => r.key)).toEqual(["before"]);
  });

  it("forwards flush() and close(), reporting instead of rejecting when the backend fails", async () => {
    const { errors } = useMemory();
    const calls: string[] = [];
    const failing = new MemoryBackend();
    failing.flush = async () => {
      calls.push("flush");
      throw new Error("boom");
    };
    failing.close = () => {
      calls.push("close");
      throw new Error("sync boom");
    };
    configure({ backend: failing });
    await expect(flush()).resolves.toBeUndefined();
    await expect(close()).resolves.toBeUndefined();
    expect(calls).toEqual(["flush", "close"]);
    expect(errors.map((e) => e.code)).toEqual(["transport_error", "transport_error"]);
  });
});
