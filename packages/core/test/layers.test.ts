import { describe, expect, it } from "vitest";
import { CompositeBackend } from "../src/composite.js";
import { configure, incr, type MetricsBackend, type MetricsError, metrics } from "../src/index.js";
import { filter, limitCardinality, OVERFLOW_TAGS, route } from "../src/layers.js";
import { MemoryBackend } from "../src/testing.js";
import { useMemory } from "./setup.js";

/** A MemoryBackend that counts how often it was flushed and closed. */
class CountedMemory extends MemoryBackend {
  flushes = 0;
  closes = 0;
  override flush(): Promise<void> {
    this.flushes++;
    return super.flush();
  }
  override close(): Promise<void> {
    this.closes++;
    return super.close();
  }
}

const keysOf = (memory: MemoryBackend) => memory.records.map((r) => `${r.type} ${r.key}`);

describe("route()", () => {
  it("sends each metric to the first matching route, by prefix and type, else to the fallback", () => {
    const [a, b, fallback] = [new MemoryBackend(), new MemoryBackend(), new MemoryBackend()];
    const backend = route(
      [
        { prefixes: ["api.", "web."], types: ["distribution", "timing"], backend: a },
        { prefixes: ["api."], backend: b },
      ],
      fallback,
    );
    backend.distribution("api.size", 1, {}, 1, undefined);
    backend.timing("web.latency", 1, {}, 1);
    backend.incr("api.requests", 1, {}, 1, undefined);
    backend.gauge("web.depth", 1, {}, 1, undefined);
    backend.set("jobs.users", "u", {}, 1);
    expect(keysOf(a)).toEqual(["distribution api.size", "timing web.latency"]);
    expect(keysOf(b)).toEqual(["counter api.requests"]);
    expect(keysOf(fallback)).toEqual(["gauge web.depth", "set jobs.users"]);
  });

  it("matches keys as the backend receives them, with the configured prefix; events go to the fallback", () => {
    const [secondary, primary] = [new MemoryBackend(), new MemoryBackend()];
    useMemory();
    configure({
      prefix: "sentry",
      backend: route([{ prefixes: ["sentry.ingest."], backend: secondary }], primary),
    });
    incr("ingest.events");
    incr("tasks.run");
    metrics.event("Deploy", "done", { tags: { a: 1 } });
    expect(keysOf(secondary)).toEqual(["counter sentry.ingest.events"]);
    expect(keysOf(primary)).toEqual(["counter sentry.tasks.run"]);
    expect(primary.events.map((e) => [e.title, e.tags])).toEqual([["Deploy", { a: "1" }]]);
  });

  it("writes Sentry's dual-write shape: prefixes to the secondary, their distributions to both; flush and close reach each backend once", async () => {
    const [primary, secondary] = [new CountedMemory(), new CountedMemory()];
    const backend = route(
      [
        {
          prefixes: ["ingest."],
          types: ["distribution"],
          backend: new CompositeBackend([primary, secondary]),
        },
        { prefixes: ["ingest."], backend: secondary },
      ],
      primary,
    );
    backend.distribution("ingest.size", 5, {}, 1, undefined);
    backend.incr("ingest.count", 1, {}, 1, undefined);
    backend.distribution("tasks.size", 7, {}, 1, undefined);
    expect(keysOf(primary)).toEqual(["distribution ingest.size", "distribution tasks.size"]);
    expect(keysOf(secondary)).toEqual(["distribution ingest.size", "counter ingest.count"]);
    await backend.flush();
    await backend.close();
    expect([primary.flushes, primary.closes, secondary.flushes, secondary.closes]).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it("reports a fallback without event() once, and a rejecting flush without rejecting", async () => {
    const { errors } = useMemory();
    const memory = new MemoryBackend();
    const eventless = {
      incr: () => {},
      gauge: () => {},
      distribution: () => {},
      timing: () => {},
      set: () => {},
      flush: () => Promise.reject(new Error("down")),
      close: async () => {},
    };
    const backend = route([{ prefixes: ["a."], backend: memory }], eventless);
    backend.event?.("one", "x", {}, {});
    backend.event?.("two", "x", {}, {});
    await expect(backend.flush()).resolves.toBeUndefined();
    expect(errors.map((error) => [error.code, error.key])).toEqual([
      ["unsupported", "one"],
      ["backend_error", undefined],
    ]);
  });

  it("throws a MetricsError at construction for a bad route", () => {
    const memory = new MemoryBackend();
    expect(() => route({} as never, memory)).toThrow(/routes must be an array/);
    expect(() => route([{ prefixes: "a.", backend: memory } as never], memory)).toThrow(
      /routes\[0\]\.prefixes must be an array of strings/,
    );
    expect(() =>
      route([{ prefixes: ["a."], backend: memory, types: ["count"] } as never], memory),
    ).toThrow(/routes\[0\]\.types must list some of counter, gauge, distribution, timing, set/);
    expect(() => route([{ prefixes: ["a."], backend: {} } as never], memory)).toThrow(
      expect.objectContaining({ code: "invalid_option" }),
    );
    expect(() => route([], null as never)).toThrow(/fallback must implement MetricsBackend/);
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(() => route([], hostile as never)).toThrow(
      expect.objectContaining({
        code: "invalid_option",
        message: "route(): reading fallback threw Error: trap",
      }),
    );
  });
});

describe("filter()", () => {
  it("drops keys outside allowPrefixes or inside denyPrefixes, without a report", () => {
    const { errors } = useMemory();
    const memory = new MemoryBackend();
    const backend = filter(memory, { allowPrefixes: ["app."], denyPrefixes: ["app.debug."] });
    backend.incr("app.requests", 1, {}, 1, undefined);
    backend.incr("app.debug.trace", 1, {}, 1, undefined);
    backend.gauge("other.depth", 1, {}, 1, undefined);
    expect(keysOf(memory)).toEqual(["counter app.requests"]);
    expect(errors).toEqual([]);
  });

  it("removes denied tags (names and patterns) from metrics and events, and passes clean tags uncopied", () => {
    const received: unknown[] = [];
    const memory = new MemoryBackend();
    const spy: MetricsBackend = {
      ...memory,
      incr: (_key, _amount, tags) => received.push(tags),
      gauge: () => {},
      distribution: () => {},
      timing: () => {},
      set: () => {},
      event: (...args) => memory.event(...args),
      flush: async () => {},
      close: async () => {},
    };
    // Sentry's bad-tag filter: names ending in _id are dropped, except those allowed.
    const backend = filter(spy, { denyTags: ["event", /^(?!(project_id|org_id)$).*_id$/g] });
    const clean = Object.freeze({ route: "/a", project_id: "1" });
    backend.incr("k", 1, clean, 1, undefined);
    backend.incr("k", 1, { user_id: "9", route: "/b", event: "e", org_id: "2" }, 1, undefined);
    backend.incr("k", 1, { user_id: "9", route: "/b", event: "e", org_id: "2" }, 1, undefined);
    backend.event?.("Deploy", "x", { request_id: "r", service: "api" }, {});
    expect(received[0]).toBe(clean);
    expect(received.slice(1)).toEqual([
      { route: "/b", org_id: "2" },
      { route: "/b", org_id: "2" },
    ]);
    expect(memory.events.map((e) => e.tags)).toEqual([{ service: "api" }]);
  });

  it("keeps a tag named __proto__ a tag when it copies", () => {
    const memory = new MemoryBackend();
    const backend = filter(memory, { denyTags: ["user_id"] });
    backend.incr("k", 1, JSON.parse('{"__proto__": "p", "user_id": "1"}'), 1, undefined);
    const tags = memory.records[0]!.tags;
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.keys(tags)).toEqual(["__proto__"]);
  });

  it("throws a MetricsError at construction for bad options", () => {
    const memory = new MemoryBackend();
    expect(() => filter(memory, { denyTags: [5] } as never)).toThrow(/denyTags must be an array/);
    expect(() => filter(memory, { allowPrefixes: "app." } as never)).toThrow(
      /allowPrefixes must be an array of strings/,
    );
    expect(() => filter(memory, null as never)).toThrow(
      expect.objectContaining({ code: "invalid_option" }),
    );
  });
});

/** A backend that sums counters per tag set, as a server would: a million records would not fit. */
class TallyBackend extends MemoryBackend {
  readonly sums = new Map<string, number>();
  override incr(key: string, amount: number, tags: Readonly<Record<string, string>>): void {
    const context = `${key}|${JSON.stringify(Object.entries(tags).sort())}`;
    this.sums.set(context, (this.sums.get(context) ?? 0) + amount);
  }
}

describe("limitCardinality()", () => {
  it("1,000,000 calls with a unique user id: ≤ 101 tag sets, the exact total, one report", () => {
    const errors: MetricsError[] = [];
    const tally = new TallyBackend();
    const backend = limitCardinality(tally, {
      maxTagSets: 100,
      onError: (error) => errors.push(error),
    });
    for (let i = 0; i < 1_000_000; i++) {
      backend.incr("app.logins", 1, { user_id: `u${i}`, region: "eu" }, 1, undefined);
    }
    expect(tally.sums.size).toBe(101);
    expect([...tally.sums.values()].reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(tally.sums.get(`app.logins|${JSON.stringify(Object.entries(OVERFLOW_TAGS))}`)).toBe(
      1_000_000 - 100,
    );
    expect(errors.map((error) => [error.code, error.key])).toEqual([["cardinality", "app.logins"]]);
    void backend.close();
  });

  it("counts a tag set once whatever the order of its names; admitted sets keep passing", () => {
    const memory = new MemoryBackend();
    const backend = limitCardinality(memory, { maxTagSets: 2, onError: () => {} });
    const send = (tags: Record<string, string>) => backend.incr("k", 1, tags, 1, undefined);
    send({ a: "1", b: "2" });
    send({ b: "2", a: "1" });
    send({});
    send({ a: "3" });
    send({ b: "2", a: "1" });
    send({});
    expect(memory.records.map((r) => r.tags)).toEqual([
      { a: "1", b: "2" },
      { b: "2", a: "1" },
      {},
      { metric_overflow: "true" },
      { b: "2", a: "1" },
      {},
    ]);
    void backend.close();
  });

  it("caps per key, perKey overriding, and starts afresh each window, reporting again", async () => {
    const errors: MetricsError[] = [];
    const memory = new MemoryBackend();
    const backend = limitCardinality(memory, {
      maxTagSets: 1,
      perKey: { wide: 3 },
      windowMs: 40,
      onError: (error) => errors.push(error),
    });
    for (const id of ["1", "2", "3", "4"]) {
      backend.incr("narrow", 1, { id }, 1, undefined);
      backend.incr("wide", 1, { id }, 1, undefined);
    }
    const overflowed = () => memory.records.filter((r) => r.tags.metric_overflow).map((r) => r.key);
    expect(overflowed()).toEqual(["narrow", "narrow", "narrow", "wide"]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    memory.clear();
    backend.incr("narrow", 1, { id: "9" }, 1, undefined);
    backend.incr("narrow", 1, { id: "8" }, 1, undefined);
    expect(memory.records.map((r) => r.tags)).toEqual([{ id: "9" }, { metric_overflow: "true" }]);
    expect(errors.map((error) => error.key)).toEqual(["narrow", "wide", "narrow"]);
    expect(errors[0]!.message).toBe(
      '"narrow" passed 1 distinct tag sets in this window of 40 ms; new tag sets go out as metric_overflow:true until it ends',
    );
    await backend.close();
  });

  it("throws a MetricsError at construction for bad options", () => {
    const memory = new MemoryBackend();
    expect(() => limitCardinality(memory, { maxTagSets: 0 })).toThrow(
      /maxTagSets must be a positive integer, got 0/,
    );
    expect(() => limitCardinality(memory, { maxTagSets: 1, perKey: { k: 1.5 } })).toThrow(
      /perKey\["k"\] must be a positive integer, got 1.5/,
    );
    expect(() => limitCardinality(memory, { maxTagSets: 1, windowMs: -1 })).toThrow(/windowMs/);
    expect(() => limitCardinality(memory, undefined as never)).toThrow(
      expect.objectContaining({ code: "invalid_option" }),
    );
  });
});
