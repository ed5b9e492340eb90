import { HOSTILE_STRINGS, LONG_STRING } from "@metrics/conformance";
import type { MetricsError, Tags } from "@metrics/core";
import { freeUdpPort, type StatsdDaemon, startStatsdDaemon } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";
import { StatsdBackend, type StatsdBackendOptions } from "../src/index.js";

let daemon: StatsdDaemon | undefined;
let backend: StatsdBackend | undefined;
let errors: MetricsError[] = [];

async function start(options: StatsdBackendOptions = {}) {
  daemon = await startStatsdDaemon();
  errors = [];
  backend = new StatsdBackend({ port: daemon.udpPort, onError: (e) => errors.push(e), ...options });
  return { daemon, backend };
}

afterEach(async () => {
  await backend?.close();
  await daemon?.stop();
  backend = undefined;
  daemon = undefined;
});

/** The daemon's own counters left out. */
function userCounters(counters: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).filter(([k]) => !k.startsWith("statsd.")));
}

/** The key Etsy StatsD makes of a name and DogStatsD-style tags: `name;k=v;…`. */
function serverKey(name: string, tags: Record<string, string>): string {
  return [name, ...Object.entries(tags).map(([k, v]) => `${k}=${v}`)].join(";");
}

const NO_TAGS: Tags = {};

describe("StatsdBackend against the Etsy StatsD daemon (UDP)", () => {
  for (const aggregation of [true, false]) {
    const calls = aggregation ? 100_000 : 1_000;
    it(`${calls} increments over 100 contexts with mixed tags and rates arrive as summed (aggregation ${aggregation ? "on" : "off"})`, async () => {
      const { daemon, backend } = await start({ aggregation });
      const tagSets: Record<string, string>[] = [
        {},
        { region: "eu" },
        { region: "us", tier: "web" },
        { tier: "db", region: "eu" },
      ];
      const rates = [1, 0.5, 0.25, 0.1];
      const expected = new Map<string, number>();
      const exact = new Set<string>();
      for (let i = 0; i < calls; i++) {
        const c = i % 100;
        const name = `load.counter${c >> 2}`;
        const tags = tagSets[c % 4]!;
        // Even keys only at rate 1 (must be exact), odd keys cycle through the rates.
        const rate = (c >> 2) % 2 === 0 ? 1 : rates[Math.floor(i / 100) % 4]!;
        const amount = 1 + (i % 3);
        backend.incr(name, amount, tags, rate, undefined);
        const key = serverKey(name, tags);
        if (rate === 1 && (c >> 2) % 2 === 0) exact.add(key);
        expected.set(key, (expected.get(key) ?? 0) + amount / rate);
      }
      await backend.flush();
      await daemon.settled();
      const got = userCounters(await daemon.counters());
      expect(Object.keys(got).sort()).toEqual([...expected.keys()].sort());
      expect(exact.size).toBe(52);
      for (const [key, value] of expected) {
        if (exact.has(key)) expect(got[key]).toBe(value);
        else expect(got[key]).toBeCloseTo(value, 6);
      }
      expect(await daemon.badLines()).toBe(0);
      expect(errors).toEqual([]);
    });
  }

  it("gauges end at their last value, negative ones included", async () => {
    const { daemon, backend } = await start();
    for (const v of [5, 3, 8]) backend.gauge("pool.size", v, { pool: "a" }, 1, undefined);
    backend.gauge("pool.size", 12.25, { pool: "b" }, 1, undefined);
    backend.gauge("temperature", 4, NO_TAGS, 1, undefined);
    await backend.flush();
    backend.gauge("temperature", -7.5, NO_TAGS, 1, undefined);
    backend.gauge("zero", 0, NO_TAGS, 1, undefined);
    await backend.flush();
    await daemon.settled();
    expect(await daemon.gauges()).toEqual({
      "pool.size;pool=a": 8,
      "pool.size;pool=b": 12.25,
      temperature: -7.5,
      zero: 0,
    });
    expect(await daemon.badLines()).toBe(0);
  });

  it("timings arrive in milliseconds, every value, several to a line, with rates counted", async () => {
    const { daemon, backend } = await start({});
    const seconds = Array.from({ length: 300 }, (_, i) => i / 1000 + 0.0005);
    for (const s of seconds) backend.timing("db.query", s, { table: "users" }, 1);
    for (let i = 0; i < 20; i++) backend.timing("db.sampled", 0.01 * i, NO_TAGS, 0.5);
    for (const v of [1, 2, 2, 3.5]) backend.distribution("payload.size", v, NO_TAGS, 1, "byte");
    // Past the 1,000 values a context holds: full contexts are sent at once, nothing is sampled.
    for (let i = 0; i < 2500; i++) backend.timing("hot.path", i / 1e6, NO_TAGS, 1);
    await backend.flush();
    await daemon.settled();
    const final = await daemon.stop();
    const byValue = (a: number, b: number) => a - b;
    expect(final.timers["db.query;table=users"]).toEqual(
      seconds.map((s) => s * 1000).sort(byValue),
    );
    expect(final.timerCounters["db.query;table=users"]).toBe(300);
    expect(final.timers["db.sampled"]).toHaveLength(20);
    expect(final.timerCounters["db.sampled"]).toBe(40);
    expect(final.timers["payload.size"]).toEqual([1, 2, 2, 3.5]);
    expect(final.timers["hot.path"]).toEqual(
      Array.from({ length: 2500 }, (_, i) => (i / 1e6) * 1000).sort(byValue),
    );
    expect(final.timerCounters["hot.path"]).toBe(2500);
    expect(final.counters["statsd.bad_lines_seen"]).toBe(0);
  });

  it("sets count unique members, beyond the per-context bound too", async () => {
    const { daemon, backend } = await start({ maxSetMembers: 100 });
    for (const m of ["u1", "u2", "u1", 7, "7", "u3"]) backend.set("users", m, NO_TAGS, 1);
    for (let i = 0; i < 1500; i++) backend.set("sessions", `s${i % 750}`, { app: "web" }, 1);
    await backend.flush();
    await daemon.settled();
    const final = await daemon.stop();
    expect(final.sets.users?.sort()).toEqual(["7", "u1", "u2", "u3"]);
    expect(final.sets["sessions;app=web"]).toHaveLength(750);
    expect(final.counters["statsd.bad_lines_seen"]).toBe(0);
  });

  it("sends what does not fit under maxContexts at once, so every count still arrives", async () => {
    const { daemon, backend } = await start({ maxContexts: 10 });
    for (let round = 0; round < 20; round++) {
      for (let c = 0; c < 50; c++)
        backend.incr(`overflow.c${c}`, 1, { round: "all" }, 1, undefined);
    }
    await backend.flush();
    await daemon.settled();
    const got = userCounters(await daemon.counters());
    expect(Object.keys(got)).toHaveLength(50);
    for (const value of Object.values(got)) expect(value).toBe(20);
    expect(errors).toEqual([]);
  });

  it("hostile keys, tags and members add no key, split no line, and cause no bad line", async () => {
    const { daemon, backend } = await start();
    const texts = [...HOSTILE_STRINGS, "Ċnewline-in-ascii", LONG_STRING];
    const intended: string[] = [];
    texts.forEach((text, i) => {
      backend.gauge(`hostile.key.m${i}z.${text}`, i, NO_TAGS, 1, undefined);
      backend.incr(`hostile.tagvalue.m${i}z`, i, { fixed: "yes", value: text }, 1, undefined);
      backend.incr(
        `hostile.tagname.m${i}z`,
        i,
        { fixed: "yes", [text || "empty"]: "v" },
        1,
        undefined,
      );
      backend.timing(`hostile.timer.m${i}z`, i, { t: text }, 1);
      backend.set(`hostile.set.m${i}z`, text, NO_TAGS, 1);
      if (text !== LONG_STRING) intended.push(`m${i}z`);
    });
    await backend.flush();
    await daemon.settled();
    expect(await daemon.badLines()).toBe(0);
    const counters = userCounters(await daemon.counters());
    const gauges = await daemon.gauges();
    const timers = await daemon.timers();
    const final = await daemon.stop();
    const markersOf = (keys: string[]) =>
      keys.map((key) => {
        const markers = key.match(/m\d+z/g) ?? [];
        expect(markers, key).toHaveLength(1);
        return markers[0]!;
      });
    const sorted = (xs: string[]) => [...xs].sort();
    const byPrefix = (keys: string[], prefix: string) => keys.filter((k) => k.startsWith(prefix));
    expect(sorted(markersOf(Object.keys(gauges)))).toEqual(sorted(intended));
    for (const [key, value] of Object.entries(gauges))
      expect(`m${value}z`).toBe(markersOf([key])[0]);
    for (const prefix of ["hostile.tagvalue.", "hostile.tagname."]) {
      const keys = byPrefix(Object.keys(counters), prefix);
      expect(sorted(markersOf(keys))).toEqual(sorted(intended));
      // name;fixed=yes;<one tag>: no tag added or lost.
      for (const key of keys) expect(key.split(";")).toHaveLength(3);
      for (const key of keys) expect(`m${counters[key]}z`).toBe(markersOf([key])[0]);
    }
    expect(Object.keys(counters).every((k) => k.startsWith("hostile.tag"))).toBe(true);
    expect(sorted(markersOf(Object.keys(timers)))).toEqual(sorted(intended));
    expect(sorted(markersOf(Object.keys(final.sets)))).toEqual(sorted(intended));
    // Etsy StatsD stores set members as keys of a plain object, so it cannot hold `__proto__`.
    const protoSet = `hostile.set.m${texts.indexOf("__proto__")}z`;
    for (const [key, members] of Object.entries(final.sets)) {
      expect(members).toHaveLength(key === protoSet ? 0 : 1);
    }
    // The 10 kB strings cannot fit a 1432-byte datagram: dropped and reported, never cut.
    expect(errors.some((e) => e.code === "dropped")).toBe(true);
  });

  it("survives a server that is absent, then started: no throw, later metrics arrive", async () => {
    const port = await freeUdpPort();
    errors = [];
    backend = new StatsdBackend({ port, onError: (e) => errors.push(e) });
    expect(() => backend!.incr("early", 1, NO_TAGS, 1, undefined)).not.toThrow();
    await expect(backend.flush()).resolves.toBeUndefined();
    daemon = await startStatsdDaemon({ udpPort: port });
    backend.incr("late", 2, NO_TAGS, 1, undefined);
    backend.gauge("late.gauge", 3, NO_TAGS, 1, undefined);
    await backend.flush();
    await daemon.waitForMetrics(2);
    expect(userCounters(await daemon.counters())).toEqual({ late: 2 });
    expect(await daemon.gauges()).toEqual({ "late.gauge": 3 });
  });

  it("drops and reports calls after close(), never throwing", async () => {
    const { daemon, backend } = await start();
    backend.incr("before", 1, NO_TAGS, 1, undefined);
    await backend.close();
    expect(() => {
      backend.incr("after", 1, NO_TAGS, 1, undefined);
      backend.gauge("after", 1, NO_TAGS, 1, undefined);
      backend.timing("after", 1, NO_TAGS, 1);
      backend.distribution("after", 1, NO_TAGS, 1, undefined);
      backend.set("after", 1, NO_TAGS, 1);
    }).not.toThrow();
    await backend.flush();
    await daemon.settled();
    expect(userCounters(await daemon.counters())).toEqual({ before: 1 });
    const closed = errors.filter((e) => e.code === "closed");
    expect(closed).toHaveLength(1);
  });

  it("reports a DNS failure instead of throwing", async () => {
    errors = [];
    backend = new StatsdBackend({ host: "no-such-host.invalid", onError: (e) => errors.push(e) });
    backend.incr("x", 1, NO_TAGS, 1, undefined);
    await backend.flush();
    expect(errors.map((e) => e.code)).toContain("transport_error");
    expect(errors.map((e) => e.code)).toContain("dropped");
  });
});
