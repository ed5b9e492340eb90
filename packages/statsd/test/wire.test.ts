import { execFile } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { MetricsError, Tags } from "@metrics/core";
import { parseStatsdDatagrams, type StatsdLine, UdpSink, UdsSink } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";
import { StatsdBackend, type StatsdBackendOptions } from "../src/index.js";

const execFileAsync = promisify(execFile);

const NO_TAGS: Tags = {};
let sink: UdpSink | undefined;
let backend: StatsdBackend | undefined;
let errors: MetricsError[] = [];

afterEach(async () => {
  await backend?.close();
  await sink?.close();
  backend = undefined;
  sink = undefined;
});

async function start(options: StatsdBackendOptions = {}) {
  sink = await UdpSink.start();
  errors = [];
  backend = new StatsdBackend({ port: sink.port, onError: (e) => errors.push(e), ...options });
  return { sink, backend };
}

function counterTotals(lines: StatsdLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) {
    for (const v of line.values) {
      if (v.type !== "c") continue;
      const id = `${line.name}|${line.tags.join(",")}`;
      totals.set(id, (totals.get(id) ?? 0) + Number(v.value) / v.sampleRate);
    }
  }
  return totals;
}

describe("StatsdBackend on the wire", () => {
  it("never sends a datagram above maxPacketSize and never cuts a line", async () => {
    const { sink, backend } = await start({ maxPacketSize: 200 });
    for (let c = 0; c < 300; c++) backend.incr(`wire.c${c}`, c, { shard: `s${c % 7}` }, 1);
    for (let i = 0; i < 500; i++) backend.timing("wire.t", i / 1000, { op: "read" }, 1);
    for (let i = 0; i < 200; i++) backend.set("wire.s", `member-${i}`, NO_TAGS, 1);
    await backend.flush();
    await sink.quiet();
    for (const d of sink.payloads()) expect(d.length).toBeLessThanOrEqual(200);
    const lines = parseStatsdDatagrams(sink.payloads());
    const totals = counterTotals(lines);
    expect(totals.size).toBe(300);
    for (let c = 0; c < 300; c++) expect(totals.get(`wire.c${c}|shard,s${c % 7}`)).toBe(c);
    const timerValues = lines.filter((l) => l.name === "wire.t").flatMap((l) => l.values);
    expect(timerValues.map((v) => Number(v.value))).toEqual(
      Array.from({ length: 500 }, (_, i) => (i / 1000) * 1000),
    );
    // Several values to a line: far fewer lines than values.
    expect(lines.filter((l) => l.name === "wire.t").length).toBeLessThan(50);
    const members = lines.filter((l) => l.name === "wire.s").flatMap((l) => l.values);
    expect(new Set(members.map((v) => v.value)).size).toBe(200);
    expect(errors).toEqual([]);
  });

  it("fills 1432-byte UDP datagrams by default", async () => {
    const { sink, backend } = await start();
    for (let c = 0; c < 2000; c++) backend.incr(`default.size.c${c}`, 1, { env: "test" }, 1);
    await backend.flush();
    await sink.quiet();
    const sizes = sink.payloads().map((d) => d.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1432);
    expect(sizes.slice(0, -1).every((size) => size > 1432 - 40)).toBe(true);
    expect(counterTotals(parseStatsdDatagrams(sink.payloads())).size).toBe(2000);
  });

  it("without aggregation, sends every call as its own line with its rate", async () => {
    const { sink, backend } = await start({ aggregation: false });
    backend.incr("raw.c", 2, NO_TAGS, 0.5);
    backend.incr("raw.c", 1, NO_TAGS, 1);
    backend.gauge("raw.g", -1, NO_TAGS);
    backend.timing("raw.t", 0.002, NO_TAGS, 0.25);
    backend.set("raw.s", 5, NO_TAGS);
    await backend.flush();
    await sink.quiet();
    expect(
      sink
        .payloads()
        .map((d) => d.toString())
        .join("\n")
        .split("\n"),
    ).toEqual([
      "raw.c:2|c|@0.5",
      "raw.c:1|c",
      "raw.g:0|g",
      "raw.g:-1|g",
      "raw.t:2|ms|@0.25",
      "raw.s:5|s",
    ]);
  });

  it("reports and drops negative timer values, which StatsD rejects", async () => {
    const { sink, backend } = await start();
    backend.distribution("neg", -1, NO_TAGS, 1);
    backend.distribution("neg", 2, NO_TAGS, 1);
    await backend.flush();
    await sink.quiet();
    expect(sink.payloads().map(String)).toEqual(["neg:2|ms"]);
    expect(errors.map((e) => e.code)).toEqual(["invalid_value"]);
  });

  it("reports errors once per kind per window", async () => {
    const { backend } = await start({ maxPacketSize: 64 });
    for (let i = 0; i < 50; i++) backend.gauge(`${"x".repeat(80)}${i}`, 1, NO_TAGS);
    await backend.flush();
    expect(errors.map((e) => e.code)).toEqual(["dropped"]);
  });

  it("does not keep an idle process alive (UDP and TCP sockets and timers are unref'd)", async () => {
    // A child process on the built package: it sends over UDP and TCP, flushes, and simply ends
    // its script without close(). Only unref'd sockets and timers let it exit by itself.
    const { sink } = await start();
    const tcpServer = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => tcpServer.listen(0, "127.0.0.1", resolve));
    const tcpPort = (tcpServer.address() as net.AddressInfo).port;
    const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const script = `
      const { StatsdBackend } = await import(${JSON.stringify(entry)});
      const udp = new StatsdBackend({ port: ${sink.port} });
      const tcp = new StatsdBackend({ protocol: "tcp", port: ${tcpPort} });
      udp.incr("idle", 1, {}, 1);
      tcp.incr("idle", 1, {}, 1);
      await udp.flush();
      await tcp.flush();
      console.log("flushed");`;
    try {
      const { stdout } = await execFileAsync(
        process.execPath,
        ["--input-type=module", "-e", script],
        { timeout: 10_000 },
      );
      expect(stdout.trim()).toBe("flushed");
      await sink.quiet();
      expect(parseStatsdDatagrams(sink.payloads()).map((line) => line.name)).toEqual(["idle"]);
    } finally {
      tcpServer.close();
    }
  });

  it("sends over a Unix datagram socket, which it closes between flushes", async () => {
    const server = await UdsSink.start();
    try {
      errors = [];
      const target = { protocol: "uds" as const, path: server.path };
      backend = new StatsdBackend({ ...target, onError: (e) => errors.push(e) });
      expect(backend.options.maxPacketSize).toBe(8192);
      for (let i = 0; i < 10; i++) backend.incr("uds.hits", 1, { via: "uds" }, 1);
      backend.gauge("uds.depth", 3, NO_TAGS);
      await backend.flush();
      await server.settle({ min: 1 });
      expect(server.payloads().map(String)).toEqual(["uds.hits:10|c|#via:uds\nuds.depth:3|g"]);
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("sends only after the flush window when aggregating", async () => {
    // Hourly: timers fire on wall-clock multiples, and a 10 s one could fall inside the wait.
    const { sink, backend } = await start({ flushIntervalMs: 3_600_000 });
    backend.incr("held", 1, NO_TAGS, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.payloads()).toHaveLength(0);
    await backend.flush();
    await sink.quiet();
    expect(sink.payloads().map(String)).toEqual(["held:1|c"]);
  });
});

describe("StatsdBackend options", () => {
  it("fills in defaults", () => {
    const b = new StatsdBackend({ onError: () => {} });
    expect(b.options).toMatchObject({
      host: "127.0.0.1",
      port: 8125,
      protocol: "udp",
      tagFormat: "dogstatsd",
      maxPacketSize: 1432,
      aggregation: true,
      flushIntervalMs: 1000,
      maxContexts: 10_000,
    });
    expect(new StatsdBackend({ protocol: "tcp", onError: () => {} }).options.maxPacketSize).toBe(
      8192,
    );
    return b.close();
  });

  it("throws a clear error on bad configuration", () => {
    expect(() => new StatsdBackend({ protocol: "http" as "udp" })).toThrow(/protocol/);
    expect(() => new StatsdBackend({ tagFormat: "json" as "none" })).toThrow(/tagFormat/);
    expect(() => new StatsdBackend({ port: 70_000 })).toThrow(/port/);
    expect(() => new StatsdBackend({ protocol: "uds" })).toThrow(/path/);
    expect(() => new StatsdBackend({ flushIntervalMs: 3000 })).toThrow(/divide/);
    expect(() => new StatsdBackend({ maxPacketSize: 10 })).toThrow(/maxPacketSize/);
    expect(() => new StatsdBackend({ maxContexts: 0 })).toThrow(/maxContexts/);
    expect(() => new StatsdBackend({ host: "" })).toThrow(/host/);
  });
});
