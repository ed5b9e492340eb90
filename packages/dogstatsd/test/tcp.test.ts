import { createServer, type Socket } from "node:net";
import type { MetricsError } from "@metrics/core";
import { contextOf, parseLine, summarize, TcpSink } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";
import { DogStatsdBackend } from "../src/index.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function until(condition: () => boolean, step: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await step();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("DogStatsD over TCP", () => {
  it("delivers newline-framed lines, aggregated, exactly", async () => {
    const sink = await TcpSink.start();
    cleanup.push(() => sink.close());
    const backend = new DogStatsdBackend({
      protocol: "tcp",
      port: sink.port,
      flushIntervalMs: 10_000,
    });
    cleanup.push(() => backend.close());
    for (let i = 0; i < 1000; i++) {
      backend.incr("tcp.count", 1, { n: String(i % 4) }, 1);
      backend.distribution("tcp.size", i, {}, 1);
    }
    await backend.flush();
    await until(
      () => sink.received.some((line) => line.startsWith("tcp.size")),
      () => Promise.resolve(),
    );
    const summary = summarize(sink.received.map(parseLine));
    for (let n = 0; n < 4; n++) {
      expect(summary.counters.get(contextOf("tcp.count", "c", [`n:${n}`]))).toBe(250);
    }
    expect(summary.samples.get(contextOf("tcp.size", "d", []))).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });

  it("reports a server that is down and reconnects once it is up", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
    const address = probe.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const errors: MetricsError[] = [];
    const backend = new DogStatsdBackend({
      protocol: "tcp",
      port,
      flushIntervalMs: 10_000,
      reconnectIntervalMs: 1,
      errorIntervalMs: 0,
      onError: (error) => errors.push(error),
    });
    cleanup.push(() => backend.close());
    backend.incr("tcp.down", 1, {}, 1);
    await backend.flush();
    await until(
      () => errors.length > 0,
      () => Promise.resolve(),
    );
    expect(errors.every((e) => e.code === "transport_error")).toBe(true);

    const sink = await TcpSink.start(port);
    cleanup.push(() => sink.close());
    await until(
      () => sink.received.length > 0,
      async () => {
        backend.incr("tcp.up", 1, {}, 1);
        await backend.flush();
      },
    );
    expect(sink.received.length).toBeGreaterThan(0);
    expect(sink.received.every((line) => parseLine(line).kind === "metric")).toBe(true);
  });

  it("stays bounded and lets flush() settle when the server stops reading", async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      socket.pause();
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    cleanup.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const errors: MetricsError[] = [];
    const backend = new DogStatsdBackend({
      protocol: "tcp",
      port,
      aggregation: false,
      maxQueueBytes: 256 * 1024,
      flushTimeoutMs: 100,
      flushIntervalMs: 10_000,
      onError: (error) => errors.push(error),
    });
    cleanup.push(() => backend.close());
    const stalled = () => errors.some((e) => /still not sent/.test(e.message));
    // About 200 kB a round, until the kernel's buffers towards a reader that never reads are full.
    const tags = { pad: "x".repeat(60) };
    for (let round = 0; round < 400 && !stalled(); round++) {
      for (let i = 0; i < 2000; i++) backend.incr(`tcp.stalled.${i % 100}`, 1, tags, 1);
      await backend.flush();
    }
    expect(stalled()).toBe(true);
    // Past the bound, payloads are refused (and counted) instead of piling up in memory.
    for (let i = 0; i < 20_000; i++) backend.incr(`tcp.stalled.${i % 100}`, 1, tags, 1);
    await backend.flush();
    const backpressure = errors.find((e) => e.code === "dropped");
    expect(backpressure?.message).toMatch(/maxQueueBytes/);
    expect(backpressure!.dropped).toBeGreaterThan(0);
  });
});
