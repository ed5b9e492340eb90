import { randomUUID } from "node:crypto";
import { createSocket } from "node:dgram";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MetricsError } from "@metrics/core";
import { contextOf, type Sink, summarize, UdpSink, UdsSink } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";
import { DogStatsdBackend, type DogStatsdBackendOptions } from "../src/index.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function start(options: DogStatsdBackendOptions) {
  const errors: MetricsError[] = [];
  const backend = new DogStatsdBackend({
    flushIntervalMs: 10_000,
    onError: (error) => errors.push(error),
    ...options,
  });
  cleanup.push(() => backend.close());
  return { backend, errors };
}

function track<S extends Sink>(sink: S): S {
  cleanup.push(() => sink.close());
  return sink;
}

const counted = (sink: Sink, name: string) =>
  summarize(sink.lines()).counters.get(contextOf(name, "c", [])) ?? 0;

describe("an Agent that is absent or restarts", () => {
  it("UDS: reports while the socket is missing, holds what it could not send, and delivers it all once the Agent listens", async () => {
    const path = join(tmpdir(), `dsd-absent-${randomUUID().slice(0, 8)}.sock`);
    const { backend, errors } = start({ protocol: "uds", path, reconnectIntervalMs: 1 });
    expect(() => backend.incr("absent.before", 1, {}, 1)).not.toThrow();
    await backend.flush();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === "transport_error")).toBe(true);
    // Held, not lost: nothing is reported dropped.
    expect(errors.every((e) => e.dropped === undefined)).toBe(true);

    const sink = track(await UdsSink.start(path));
    await new Promise((resolve) => setTimeout(resolve, 5));
    backend.incr("absent.after", 3, {}, 1);
    await backend.flush();
    await sink.settle({ min: 1 });
    expect(counted(sink, "absent.after")).toBe(3);
    expect(counted(sink, "absent.before")).toBe(1);
  });

  it("UDS: an Agent restart (socket deleted and bound again) loses nothing: what failed is held and resent", async () => {
    const sink = track(await UdsSink.start());
    const { backend, errors } = start({ protocol: "uds", path: sink.path, reconnectIntervalMs: 1 });
    backend.incr("restart.count", 1, {}, 1);
    await backend.flush();
    await sink.settle({ min: 1 });

    await sink.stop();
    await new Promise((resolve) => setTimeout(resolve, 5));
    backend.incr("restart.lost", 1, {}, 1);
    await expect(backend.flush()).resolves.toBeUndefined();
    expect(errors.some((e) => e.code === "transport_error")).toBe(true);
    expect(errors.every((e) => e.dropped === undefined)).toBe(true);
    // unix-dgram's negative errno numbers are reported by name.
    expect(errors.some((e) => /\((ECONNREFUSED|ENOENT|ENOTCONN)\)/.test(e.message))).toBe(true);

    await sink.listen();
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 3; i++) {
      backend.incr("restart.count", 10, {}, 1);
      await backend.flush();
    }
    await sink.settle({ min: 4 });
    expect(counted(sink, "restart.count")).toBe(31);
    expect(counted(sink, "restart.lost")).toBe(1);
  });

  it("UDP: nothing throws while no one listens, and later metrics arrive", async () => {
    const probe = createSocket("udp4");
    await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", () => resolve()));
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const { backend } = start({ port });
    expect(() => backend.incr("udp.absent", 1, {}, 1)).not.toThrow();
    await backend.flush();
    const sink = track(await UdpSink.start(port));
    backend.incr("udp.later", 2, {}, 1);
    await backend.flush();
    await sink.settle({ min: 1 });
    expect(counted(sink, "udp.later")).toBe(2);
  });

  it("a host that does not resolve is reported, once per kind per window, and never throws", async () => {
    const { backend, errors } = start({
      host: "agent.does-not-exist.invalid",
      errorIntervalMs: 60_000,
    });
    for (let i = 0; i < 5; i++) {
      backend.incr("dns.fail", 1, {}, 1);
      await backend.flush();
    }
    const transport = errors.filter((e) => e.code === "transport_error");
    expect(transport).toHaveLength(1);
    expect(transport[0]!.message).toMatch(/agent\.does-not-exist\.invalid/);
    // The suppressed failures are reported with their count when the backend closes.
    await backend.close();
    const all = errors.filter((e) => e.code === "transport_error");
    expect(all).toHaveLength(2);
    expect(all[1]!.message).toMatch(/4 more/);
    // UDP cannot hold: every lost line is counted, in reports that add up.
    expect(errors.reduce((sum, e) => sum + (e.dropped ?? 0), 0)).toBe(5);
  });
});
