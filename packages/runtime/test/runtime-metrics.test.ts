import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import v8 from "node:v8";
import { configure, type MetricRecord, noopBackend } from "@metrics/core";
import { MemoryBackend } from "@metrics/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startRuntimeMetrics } from "../src/index.js";

const support = (name: string) => fileURLToPath(new URL(`./support/${name}`, import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let memory: MemoryBackend;
let runtime: { stop(): void } | undefined;

beforeEach(() => {
  memory = new MemoryBackend();
  configure({ backend: memory });
});

afterEach(() => {
  runtime?.stop();
  runtime = undefined;
  configure({ backend: noopBackend });
});

/** Waits until `key` has `count` records. */
async function recorded(key: string, count = 1): Promise<MetricRecord[]> {
  for (let i = 0; i < 400 && memory.find(key).length < count; i++) await sleep(5);
  return memory.find(key);
}

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

const OTEL_GAUGES: Array<[string, string | undefined]> = [
  ["nodejs.eventloop.delay.min", "second"],
  ["nodejs.eventloop.delay.max", "second"],
  ["nodejs.eventloop.delay.mean", "second"],
  ["nodejs.eventloop.delay.p50", "second"],
  ["nodejs.eventloop.delay.p90", "second"],
  ["nodejs.eventloop.delay.p99", "second"],
  ["nodejs.eventloop.utilization", "ratio"],
  ["nodejs.memory.heap.used", "byte"],
  ["nodejs.memory.heap.total", "byte"],
  ["nodejs.memory.heap.limit", "byte"],
  ["process.memory.usage", "byte"],
  ["nodejs.memory.external", "byte"],
  ["nodejs.memory.array_buffers", "byte"],
  ["v8js.memory.heap.limit", "byte"],
  ["v8js.memory.heap.used", "byte"],
  ["v8js.memory.heap.space.available_size", "byte"],
  ["v8js.memory.heap.space.physical_size", "byte"],
  ["nodejs.active_resources", undefined],
  ["process.uptime", "second"],
];

describe("startRuntimeMetrics", () => {
  it("emits every metric of its table each interval, with units, tags and prefix", async () => {
    runtime = startRuntimeMetrics({
      intervalMs: 40,
      prefix: "svc",
      tags: { region: "eu", none: null },
    });
    await recorded("svc.process.uptime", 2);
    for (const [name, unit] of OTEL_GAUGES) {
      const records = memory.find(`svc.${name}`);
      expect(records.length, name).toBeGreaterThan(0);
      for (const record of records) {
        expect(record.type, name).toBe("gauge");
        expect(record.unit, name).toBe(unit);
        expect(record.tags.region, name).toBe("eu");
        expect(Number.isFinite(record.value), name).toBe(true);
      }
    }
    const spaces = memory
      .find("svc.v8js.memory.heap.used")
      .map((r) => r.tags["v8js.heap.space.name"]);
    expect(spaces).toContain("old_space");
    expect(spaces).toContain("new_space");
    const cpu = memory.find("svc.process.cpu.time");
    expect(cpu.every((r) => r.type === "counter" && r.unit === "second")).toBe(true);
    expect(new Set(cpu.map((r) => r.tags["cpu.mode"]))).toEqual(new Set(["user", "system"]));
    const [heapUsed] = memory.find("svc.nodejs.memory.heap.used");
    const [heapLimit] = memory.find("svc.nodejs.memory.heap.limit");
    expect(heapUsed!.value).toBeGreaterThan(1_000_000);
    expect(heapLimit!.value).toBeGreaterThan(heapUsed!.value as number);
    expect(memory.find("svc.nodejs.active_resources").some((r) => r.tags.type === "Timeout")).toBe(
      true,
    );
  });

  it("reads the heap limit once and still sends it every interval", async () => {
    const heapStatistics = vi.spyOn(v8, "getHeapStatistics");
    try {
      runtime = startRuntimeMetrics({ intervalMs: 30 });
      const limits = await recorded("nodejs.memory.heap.limit", 3);
      expect(heapStatistics).toHaveBeenCalledTimes(1);
      const limit = v8.getHeapStatistics().heap_size_limit;
      expect(limits.map((r) => r.value)).toEqual(limits.map(() => limit));
      // One per reading, as every other gauge.
      expect(limits.length).toBe(memory.find("process.uptime").length);
    } finally {
      heapStatistics.mockRestore();
    }
  });

  it("sends a resource type seen before and gone now as 0", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    runtime = startRuntimeMetrics({ intervalMs: 30 });
    const servers = () =>
      memory.find("nodejs.active_resources").filter((r) => r.tags.type === "TCPServerWrap");
    await recorded("process.uptime", 1);
    expect(servers().at(-1)!.value).toBe(1);
    await new Promise((resolve) => server.close(resolve));
    const readings = memory.find("process.uptime").length;
    await recorded("process.uptime", readings + 1);
    expect(servers().at(-1)!.value).toBe(0);
    expect(servers()).toHaveLength(readings + 1);
  });

  it("measures a blocked event loop's delay in seconds, and resets it each interval", async () => {
    runtime = startRuntimeMetrics({ intervalMs: 100 });
    await recorded("process.uptime", 1);
    // Node's histogram reset() forgets the monitor's last tick, so a stall that starts within
    // one tick (10 ms) of an interval's start is not seen by any interval: block after that.
    await sleep(40);
    blockEventLoop(300);
    const maxima = await recorded("nodejs.eventloop.delay.max", 3);
    const utilization = memory.find("nodejs.eventloop.utilization");
    const blocked = maxima.findIndex((r) => (r.value as number) >= 0.25);
    expect(blocked, JSON.stringify(maxima.map((r) => r.value))).toBeGreaterThanOrEqual(0);
    expect(maxima[blocked]!.value).toBeLessThan(5);
    expect(utilization[blocked]!.value).toBeGreaterThan(0.5);
    // Reset each interval: the maximum of a later interval no longer holds the 300 ms block.
    await recorded("nodejs.eventloop.delay.max", blocked + 2);
    expect(memory.find("nodejs.eventloop.delay.max")[blocked + 1]!.value).toBeLessThan(
      maxima[blocked]!.value as number,
    );
  });

  it("samples the event-loop delay at the resolution it is given", async () => {
    runtime = startRuntimeMetrics({ intervalMs: 300, eventLoopResolutionMs: 50 });
    const [minimum] = await recorded("nodejs.eventloop.delay.min", 1);
    // Each reading of an idle loop is one resolution apart: 50 ms, never the default 10 ms.
    expect(minimum!.value).toBeGreaterThanOrEqual(0.045);
  });

  it("emits dd-trace's names and units when naming is datadog", async () => {
    runtime = startRuntimeMetrics({ intervalMs: 100, naming: "datadog" });
    await recorded("runtime.node.process.uptime", 1);
    await sleep(40); // past the first tick after the reset, as above
    blockEventLoop(200);
    // The block lands in the interval that was due during it, or in the next one.
    const maxima = await recorded("runtime.node.event_loop.delay.max", 3);
    expect(Math.max(...maxima.map((r) => r.value as number))).toBeGreaterThan(150e6); // nanoseconds
    expect(maxima[0]!.unit).toBe("nanosecond");
    for (const name of ["cpu.user", "cpu.system", "cpu.total", "mem.heap_used", "mem.rss"]) {
      expect(memory.find(`runtime.node.${name}`).length, name).toBeGreaterThan(0);
    }
    const total = memory.find("runtime.node.cpu.total")[0]!;
    expect(total.unit).toBe("percent");
    const spaces = memory
      .find("runtime.node.heap.used_size.by.space")
      .map((r) => r.tags.heap_space);
    expect(spaces).toContain("old_space");
    expect(memory.records.every((r) => r.key.startsWith("runtime.node."))).toBe(true);
  });

  it("records forced GC pauses as distributions by kind (a child run with --expose-gc)", async () => {
    for (const [naming, name, kind, tag] of [
      ["opentelemetry", "v8js.gc.duration", "major", "v8js.gc.type"],
      ["datadog", "runtime.node.gc.pause.by.type", "mark_sweep_compact", "gc_type"],
    ] as const) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--expose-gc", support("gc-child.mjs"), naming],
        { timeout: 20_000 },
      );
      const records: MetricRecord[] = JSON.parse(stdout);
      const pauses = records.filter((r) => r.key === name);
      expect(pauses.filter((r) => r.tags[tag] === kind).length, naming).toBeGreaterThanOrEqual(3);
      for (const pause of pauses) {
        expect(pause.type).toBe("distribution");
        expect(pause.value).toBeGreaterThan(0);
      }
      const seconds = naming === "opentelemetry" ? 1 : 1e9;
      expect(Math.max(...pauses.map((r) => r.value as number))).toBeLessThan(5 * seconds);
    }
  });

  it("stop() ends every emission; a second start replaces the first instead of doubling", async () => {
    const first = startRuntimeMetrics({ intervalMs: 150 });
    runtime = startRuntimeMetrics({ intervalMs: 150 });
    await recorded("process.uptime", 1);
    await sleep(60);
    expect(memory.find("process.uptime")).toHaveLength(1);
    first.stop(); // already stopped: changes nothing
    expect(memory.find("nodejs.eventloop.delay.max").length).toBeLessThanOrEqual(1);
    runtime.stop();
    runtime.stop();
    memory.clear();
    await sleep(400);
    expect(memory.records).toEqual([]);
  });

  it("never keeps a process alive", async () => {
    const started = performance.now();
    await promisify(execFile)(process.execPath, [support("exit-child.mjs")], { timeout: 9_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("throws a MetricsError naming a wrong option", () => {
    expect(() => startRuntimeMetrics({ intervalMs: 0 })).toThrow(/intervalMs/);
    expect(() => startRuntimeMetrics({ naming: "prometheus" as never })).toThrow(/naming/);
    expect(() => startRuntimeMetrics({ eventLoopResolutionMs: 0.5 })).toThrow(
      /eventLoopResolutionMs/,
    );
    expect(() => startRuntimeMetrics({ tags: { a: {} as never } })).toThrow(/tag `a`/);
  });
});
