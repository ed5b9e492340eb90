import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { MetricsError } from "@metrics/core";
import {
  contextOf,
  type ParsedEvent,
  type ParsedMetric,
  summarize,
  tagRecord,
  UdpSink,
  UdsSink,
} from "@metrics/test-peers";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DogStatsdBackend, type DogStatsdBackendOptions } from "../src/index.js";

let sink: UdpSink;
let errors: MetricsError[] = [];
const backends: DogStatsdBackend[] = [];

function backend(options: DogStatsdBackendOptions = {}): DogStatsdBackend {
  const created = new DogStatsdBackend({
    port: sink.port,
    // Timers fire on wall-clock multiples of the interval: with 10 s, one now and then fell
    // between a test's two flushes and added telemetry it counts exactly. An hour: negligible.
    flushIntervalMs: 3_600_000,
    onError: (error) => errors.push(error),
    ...options,
  });
  backends.push(created);
  return created;
}

async function sent(b: DogStatsdBackend) {
  await b.flush();
  await sink.settle();
  const lines = sink.lines();
  return {
    metrics: lines.filter((l): l is ParsedMetric => l.kind === "metric"),
    events: lines.filter((l): l is ParsedEvent => l.kind === "event"),
  };
}

beforeAll(async () => {
  sink = await UdpSink.start();
});
beforeEach(() => {
  sink.clear();
  errors = [];
});
// Each test's backends are closed, and what they sent has arrived, before the next test starts:
// an open backend's flush timer would otherwise send into the next test's sink.
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.close()));
  await sink.settle();
});
afterAll(async () => {
  await sink.close();
});

describe("tags", () => {
  it("adds constant tags, lets call tags override them, and adds unified service tags on request", async () => {
    const env = { DD_ENV: "prod", DD_SERVICE: "api", DD_VERSION: "1.2.3" };
    const plain = backend({ tags: { team: "core", region: "eu" }, env });
    plain.incr("tags.plain", 1, { region: "us", route: "/x" }, 1);
    const unified = backend({
      tags: { env: "staging", team: "core" },
      unifiedServiceTags: true,
      env,
    });
    unified.gauge("tags.unified", 1, { version: "call" }, 1);
    const { metrics } = await sent(plain);
    await unified.flush();
    await sink.settle();
    const all = summarize(sink.lines()).metrics;
    expect(tagRecord(metrics.find((m) => m.name === "tags.plain")!.tags)).toEqual({
      region: "us",
      route: "/x",
      team: "core",
    });
    expect(tagRecord(all.find((m) => m.name === "tags.unified")!.tags)).toEqual({
      env: "prod",
      service: "api",
      version: "call",
      team: "core",
    });
  });

  it("sends the container id as the `c:` field when given", async () => {
    const b = backend({ containerId: "abc123" });
    b.incr("origin.count", 1, { a: "b" }, 1);
    b.distribution("origin.size", 5, {}, 0.5);
    const { metrics } = await sent(b);
    expect(metrics.map((m) => m.container)).toEqual(["abc123", "abc123"]);
  });
});

describe("the environment", () => {
  const variables = {
    DD_AGENT_HOST: "192.0.2.1",
    DD_DOGSTATSD_PORT: "9",
    DD_DOGSTATSD_URL: "udp://192.0.2.1:9",
    DD_DOGSTATSD_SOCKET: "/nonexistent/dsd.socket",
    DD_TAGS: "forced:yes",
    DD_ENV: "prod",
    DD_SERVICE: "api",
    DD_VERSION: "9",
    DD_ENTITY_ID: "entity",
    DD_CARDINALITY: "high",
    DD_EXTERNAL_ENV: "it-external",
  };

  it("never reroutes or reshapes the traffic, whatever DD_* variables say", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, variables);
    try {
      const udp = backend();
      udp.incr("env.udp", 1, {}, 1);
      const uds = await UdsSink.start();
      const overUds = new DogStatsdBackend({ protocol: "uds", path: uds.path });
      backends.push(overUds);
      overUds.distribution("env.uds", 1, {}, 1);
      await overUds.flush();
      await uds.settle({ min: 1 });
      const { metrics } = await sent(udp);
      const received = [...metrics, ...summarize(uds.lines()).metrics];
      await uds.close();
      expect(received.map((m) => [m.name, m.tags, m.container])).toEqual([
        ["env.udp", [], undefined],
        ["env.uds", [], undefined],
      ]);
    } finally {
      for (const name of Object.keys(variables)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it("detects the container only when asked, and still writes valid lines", async () => {
    const b = backend({ originDetection: true });
    b.incr("origin.detected", 1, {}, 1);
    const { metrics } = await sent(b);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]!.tags).toEqual([]);
  });
});

describe("wire safety", () => {
  it("keeps hostile names, tags and members from adding, splitting or renaming metrics", async () => {
    const b = backend({ tags: { "const|#tag": "v,al\nue" } });
    b.incr("_e{3,3}:abc|def", 1, {}, 1);
    const tags: Record<string, string> = { "k:e|y#@,": "v|a,l#u:e\r\n" };
    Object.defineProperty(tags, "__proto__", { value: "p", enumerable: true });
    b.incr("a:b|c@d#e,f g\nh\u0000i", 1, tags, 1);
    b.set("set.hostile", "m:1|s\nforged:1|c", {}, 1);
    b.gauge("ünï©ødé.数据😀", 2, { "😀": "数据" }, 1);
    const { metrics, events } = await sent(b);
    expect(events).toEqual([]);
    const pairs = (m: ParsedMetric) => Object.entries(tagRecord(m.tags)).sort();
    const constant = ["const__tag", "v_al_ue"];
    expect(metrics.map((m) => [m.name, m.type, pairs(m)])).toEqual([
      ["_e_3_3}_abc_def", "c", [constant]],
      ["a_b_c_d_e_f_g_h_i", "c", [["__proto__", "p"], constant, ["k_e_y___", "v_a_l_u:e__"]]],
      ["ünï©ødé.数据😀", "g", [constant, ["😀", "数据"]]],
      ["set.hostile", "s", [constant]],
    ]);
    expect(metrics.find((m) => m.type === "s")!.member).toBe("m_1_s_forged_1_c");
  });

  it("drops and reports a line too long for one datagram, and sends the rest", async () => {
    const b = backend();
    b.gauge(`long.${"x".repeat(2000)}`, 1, {}, 1);
    b.gauge("long.ok", 1, { t: "v".repeat(1300) }, 1);
    b.gauge("short", 1, {}, 1);
    const { metrics } = await sent(b);
    expect(metrics.map((m) => m.name).sort()).toEqual(["long.ok", "short"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "dropped", dropped: 1 });
    expect(errors[0]!.key).toMatch(/^long\.x+$/);
  });

  it("reports invalid values from direct callers instead of sending them", async () => {
    const b = backend();
    expect(() => {
      b.incr("bad.nan", Number.NaN, {}, 1);
      b.gauge("bad.inf", Number.POSITIVE_INFINITY, {}, 1);
      b.distribution("", 1, {}, 1);
      b.timing("bad.rate", 1, {}, 0);
      b.set("bad.member", "", {}, 1);
    }).not.toThrow();
    const { metrics } = await sent(b);
    expect(metrics).toEqual([]);
    expect(errors.map((e) => e.code).sort()).toEqual([
      "invalid_key",
      "invalid_sample_rate",
      "invalid_value",
    ]);
  });
});

describe("events", () => {
  it("sends events with UTF-8 byte lengths, escaped line breaks and every field", async () => {
    const b = backend({ tags: { env: "test" } });
    b.event(
      "Déploiement ✓ 🚀",
      "ligne 1\nligne 2 | ünï\r\nfin",
      { version: "2" },
      {
        timestamp: new Date(1_700_000_000_500),
        hostname: "web|1",
        aggregationKey: "deploy",
        priority: "low",
        sourceTypeName: "ci",
        alertType: "success",
      },
    );
    b.event("plain", "", {}, {});
    const { events } = await sent(b);
    expect(events).toEqual([
      {
        kind: "event",
        title: "Déploiement ✓ 🚀",
        text: "ligne 1\\nligne 2 | ünï\\nfin",
        timestamp: 1_700_000_000,
        hostname: "web_1",
        aggregationKey: "deploy",
        priority: "low",
        sourceType: "ci",
        alertType: "success",
        tags: ["version:2", "env:test"],
      },
      expect.objectContaining({ title: "plain", text: "", tags: ["env:test"] }),
    ]);
  });
});

describe("bounded memory", () => {
  it("sends calls past maxContexts unaggregated, so totals stay exact, and counts them", async () => {
    const b = backend({ maxContexts: 10, telemetry: true });
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 50; i++) b.incr(`ctx.c${i}`, 1, { round: "x" }, 1);
    }
    await b.flush();
    await sink.settle();
    const summary = summarize(sink.lines());
    for (let i = 0; i < 50; i++) {
      expect(summary.counters.get(contextOf(`ctx.c${i}`, "c", ["round:x"]))).toBe(4);
    }
    const telemetry = summary.counters.get(
      contextOf("metrics.dogstatsd.contexts_overflowed", "c", ["transport:udp"]),
    );
    expect(telemetry).toBe(160);
  });
});

describe("self-telemetry", () => {
  it("is off by default", async () => {
    const b = backend();
    b.incr("tele.off", 1, {}, 1);
    await b.flush();
    b.incr("tele.off", 1, {}, 1);
    const { metrics } = await sent(b);
    // Exactly the two lines emitted, and no telemetry line beside them.
    expect(metrics.map((m) => [m.name, m.values])).toEqual([
      ["tele.off", [1]],
      ["tele.off", [1]],
    ]);
  });

  it("reports datagrams and bytes sent and samples left out, on request", async () => {
    const b = backend({ telemetry: true, maxSamplesPerContext: 10, telemetryPrefix: "own." });
    for (let i = 0; i < 25; i++) b.distribution("tele.values", i, {}, 1);
    await b.flush();
    await sink.settle();
    const first = sink.datagrams.map((d) => d.bytes);
    await b.flush();
    await sink.settle();
    const summary = summarize(sink.lines());
    const own = (name: string) =>
      summary.counters.get(contextOf(`own.${name}`, "c", ["transport:udp"]));
    expect(own("datagrams_sent")).toBe(first.length);
    expect(own("bytes_sent")).toBe(first.reduce((a, b) => a + b, 0));
    expect(own("samples_sampled_out")).toBe(15);
  });
});

describe("configuration", () => {
  it.each([
    [{ protocol: "http" }, /protocol/],
    [{ port: 0 }, /port/],
    [{ port: 70000 }, /port/],
    [{ flushIntervalMs: 3000 }, /divide/],
    [{ timingAs: "summary" }, /timingAs/],
    [{ protocol: "uds", maxPacketSize: 9000 }, /8192/],
    [{ maxContexts: 0 }, /maxContexts/],
    [{ maxSamplesPerContext: 1.5 }, /maxSamplesPerContext/],
    [{ tags: { "": "x" } }, /empty/],
    [{ tags: { a: {} } }, /tag/],
  ])("throws a clear error for %j", (options, message) => {
    expect(() => new DogStatsdBackend(options as DogStatsdBackendOptions)).toThrow(message);
  });

  it("has the documented defaults", () => {
    const b = new DogStatsdBackend();
    backends.push(b);
    expect(b.options).toMatchObject({
      protocol: "udp",
      host: "127.0.0.1",
      maxPacketSize: 1432,
      timingAs: "distribution",
      aggregation: true,
      flushIntervalMs: 1000,
      maxContexts: 10_000,
      maxSamplesPerContext: undefined,
      maxQueueBytes: 4 * 1024 * 1024,
      flushTimeoutMs: 10_000,
      errorIntervalMs: 10_000,
      packValues: true,
      telemetry: false,
      originDetection: false,
    });
    const uds = new DogStatsdBackend({ protocol: "uds" });
    expect(uds.options).toMatchObject({ path: "/var/run/datadog/dsd.socket", maxPacketSize: 8192 });
    backends.push(uds);
  });
});

describe("process lifetime (the built package, ESM and CommonJS)", () => {
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

  beforeAll(() => {
    if (!existsSync(fileURLToPath(new URL("../dist/index.cjs", import.meta.url)))) {
      throw new Error("build @metrics/dogstatsd first (turbo run test does)");
    }
  });

  const run = (app: string, args: string[]) =>
    new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [fixture(app), ...args], { stdio: "inherit" });
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error("the idle application did not exit"));
      }, 15_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });

  it.each(["idle-app.mjs", "idle-app.cjs"])(
    "lets an idle process exit over UDP (%s)",
    async (app) => {
      sink.clear();
      expect(await run(app, ["udp", String(sink.port)])).toBe(0);
      await sink.settle({ min: 1 });
      expect(summarize(sink.lines()).counters.get(contextOf("idle.app", "c", []))).toBe(1);
    },
  );

  it.each(["idle-app.mjs", "idle-app.cjs"])(
    "lets an idle process exit over a Unix socket, released after a quiet window (%s)",
    async (app) => {
      const uds = await UdsSink.start();
      try {
        expect(await run(app, ["uds", uds.path])).toBe(0);
        await uds.settle({ min: 1 });
        expect(summarize(uds.lines()).counters.get(contextOf("idle.app", "c", []))).toBe(1);
      } finally {
        await uds.close();
      }
    },
  );
});
