import net from "node:net";
import type { MetricsError, Tags } from "@metrics/core";
import { freeTcpPort, type StatsdDaemon, startStatsdDaemon } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";
import { StatsdBackend } from "../src/index.js";

const NO_TAGS: Tags = {};
const daemons: StatsdDaemon[] = [];
let backend: StatsdBackend | undefined;
let errors: MetricsError[] = [];

afterEach(async () => {
  await backend?.close();
  backend = undefined;
  await Promise.all(daemons.splice(0).map((d) => d.stop()));
});

async function daemonOnTcp(port?: number): Promise<StatsdDaemon> {
  const daemon = await startStatsdDaemon({ tcp: port ?? true });
  daemons.push(daemon);
  return daemon;
}

function tcpBackend(port: number): StatsdBackend {
  errors = [];
  backend = new StatsdBackend({ protocol: "tcp", port, onError: (e) => errors.push(e) });
  return backend;
}

/** Flushes until `check` passes: the backend retries on flush, after its reconnect backoff. */
async function flushUntil(b: StatsdBackend, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await b.flush();
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition not reached");
}

describe("StatsdBackend against the Etsy StatsD daemon (TCP)", () => {
  it("delivers counters, gauges, timers and sets over TCP", async () => {
    const daemon = await daemonOnTcp();
    const b = tcpBackend(daemon.tcpPort!);
    for (let i = 0; i < 1000; i++) b.incr("tcp.hits", 1, { route: "/x" }, 1, undefined);
    b.gauge("tcp.depth", -4, NO_TAGS, 1, undefined);
    b.timing("tcp.latency", 0.25, NO_TAGS, 1);
    b.set("tcp.users", "ann", NO_TAGS, 1);
    b.set("tcp.users", "bob", NO_TAGS, 1);
    await b.flush();
    await daemon.settled();
    // Etsy StatsD turns "/" into "-" in keys.
    expect((await daemon.counters())["tcp.hits;route=-x"]).toBe(1000);
    expect((await daemon.gauges())["tcp.depth"]).toBe(-4);
    expect((await daemon.timers())["tcp.latency"]).toEqual([250]);
    expect(await daemon.badLines()).toBe(0);
    const final = await daemon.stop();
    expect(final.sets["tcp.users"]?.sort()).toEqual(["ann", "bob"]);
    expect(errors).toEqual([]);
  });

  it("keeps TCP payloads ASCII: a character whose low byte is a newline cannot split a line", async () => {
    const daemon = await daemonOnTcp();
    const b = tcpBackend(daemon.tcpPort!);
    // U+010A and U+017C would reach the wire as "\n" and "|" through hot-shots' ASCII writes.
    b.incr("tcp.unicode\u010Aforged:1|c", 1, { t: "\u017Cv" }, 1, undefined);
    await b.flush();
    await daemon.settled();
    expect(await daemon.badLines()).toBe(0);
    const keys = Object.keys(await daemon.counters()).filter((k) => !k.startsWith("statsd."));
    expect(keys).toEqual(["tcp.unicode_forged_1_c;t=_v"]);
  });

  it("reports a refused connection, holds what it could not send, and delivers it once the server starts", async () => {
    const port = await freeTcpPort();
    const b = tcpBackend(port);
    b.incr("held.counter", 5, NO_TAGS, 1, undefined);
    b.gauge("held.gauge", 9, NO_TAGS, 1, undefined);
    await expect(b.flush()).resolves.toBeUndefined();
    expect(errors.some((e) => e.code === "transport_error" && /ECONNREFUSED/.test(e.message))).toBe(
      true,
    );
    // Still down: more metrics join the hold.
    b.incr("held.counter", 1, NO_TAGS, 1, undefined);
    await b.flush();

    const daemon = await daemonOnTcp(port);
    b.incr("after.start", 2, NO_TAGS, 1, undefined);
    await flushUntil(b, async () => (await daemon.counters())["after.start"] !== undefined);
    await daemon.settled();
    const counters = await daemon.counters();
    expect(counters["held.counter"]).toBe(6);
    expect(counters["after.start"]).toBe(2);
    expect((await daemon.gauges())["held.gauge"]).toBe(9);
    expect(await daemon.badLines()).toBe(0);
  });

  it("reconnects after the server restarts", async () => {
    const port = await freeTcpPort();
    const first = await daemonOnTcp(port);
    const b = tcpBackend(port);
    b.incr("restart.before", 1, NO_TAGS, 1, undefined);
    await b.flush();
    await first.settled();
    expect((await first.counters())["restart.before"]).toBe(1);
    await first.stop();

    const second = await daemonOnTcp(port);
    let sent = 0;
    await flushUntil(b, async () => {
      b.incr("restart.after", 1, NO_TAGS, 1, undefined);
      sent += 1;
      return (await second.counters())["restart.after"] !== undefined;
    });
    await b.flush();
    await second.settled();
    // Some increments may have been written into the dead connection before the reset was seen.
    const arrived = (await second.counters())["restart.after"]!;
    expect(arrived).toBeGreaterThan(0);
    expect(arrived).toBeLessThanOrEqual(sent);
    expect(errors.some((e) => e.code === "transport_error")).toBe(true);
  });
});

describe("StatsdBackend with a TCP server that stops reading", () => {
  it("stops waiting after flushTimeoutMs, reports it, and bounds what it buffers", async () => {
    const server = net.createServer((socket) => socket.pause());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      errors = [];
      backend = new StatsdBackend({
        protocol: "tcp",
        port,
        aggregation: false,
        flushTimeoutMs: 200,
        maxQueueBytes: 256 * 1024,
        onError: (e) => errors.push(e),
      });
      const key = `stall.${"k".repeat(1000)}`;
      // Bursts of 2 MB, each bounded to 256 kB queued (the rest dropped and reported), until the
      // loopback socket buffers of a reader that never reads are full (send buffer up to 4 MB,
      // receive buffer up to 32 MB here: tcp_wmem, tcp_rmem) and a flush finds writes unsent.
      const stalled = () =>
        errors.some((e) => e.code === "transport_error" && /still not sent/.test(e.message));
      for (let round = 0; round < 400 && !stalled(); round++) {
        for (let i = 0; i < 2_000; i++) backend.incr(key, i, NO_TAGS, 1);
        await backend.flush();
      }
      expect(stalled()).toBe(true);
      expect(errors.some((e) => e.code === "dropped")).toBe(true);
      await backend.close();
      backend = undefined;
    } finally {
      server.close();
    }
  });
});
