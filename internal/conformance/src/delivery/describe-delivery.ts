import { fileURLToPath } from "node:url";
import type { CountingPeer, PeerProtocol } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";
import type { MetricsBackend, MetricsError } from "../core-types.js";
import { emittingChild, runChild } from "./child-process.js";
import type { PeerStarters, TransportClass } from "./delivery-harness.js";
import { downTcpPort, startStalledServer } from "./fault-servers.js";

/** The deadline the fault rows give `flushTimeoutMs`, and the slack allowed past it. */
const DEADLINE_MS = 1_000;
const SLACK_MS = 1_500;

const droppedIn = (errors: readonly MetricsError[]) =>
  errors.reduce((sum, error) => sum + (error.dropped ?? 0), 0);

/**
 * The delivery rules of `CONTRACT.md` ("Delivery, for every transport") as one vitest suite per
 * StatsD-family transport, each rule against the transport's real peer on every protocol it
 * speaks: exact by default, flush at a natural exit, deadlines whatever the server does, no
 * poisoned sums, bounded bytes under a burst with exact loss counts, hold and resend across a
 * Unix socket receiver that restarts, and unknown options refused. `built` is the package's
 * built ESM entry, which the child-process rows import as users do (`turbo run test` builds it).
 *
 * @example
 * ```ts
 * describeDeliveryRules(StatsdBackend, new URL("../dist/index.js", import.meta.url), {
 *   udp: () => startEtsyPeer("udp"),
 * });
 * ```
 */
export function describeDeliveryRules(
  Transport: TransportClass,
  built: URL,
  peers: PeerStarters,
): void {
  const create = (options: Record<string, unknown>) => new Transport(options as never);
  const entry = fileURLToPath(built);
  const name = Transport.name;
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function start(options: Record<string, unknown>) {
    const errors: MetricsError[] = [];
    const backend = create({ ...options, onError: (e: MetricsError) => errors.push(e) });
    cleanup.push(() => backend.close());
    return { backend, errors };
  }

  async function peer(protocol: PeerProtocol): Promise<CountingPeer> {
    const started = await peers[protocol]!();
    cleanup.push(() => started.close());
    return started;
  }

  async function closeWithin(backend: MetricsBackend, ms: number): Promise<number> {
    const began = Date.now();
    await backend.close();
    const took = Date.now() - began;
    expect(took).toBeLessThan(ms);
    return took;
  }

  describe(`${name} delivery rules`, () => {
    for (const protocol of Object.keys(peers) as PeerProtocol[]) {
      describe(`over ${protocol}`, () => {
        it("is exact by default: 20,000 values of one distribution all arrive", async () => {
          const target = await peer(protocol);
          const { backend, errors } = start({ ...target.target });
          for (let i = 0; i < 20_000; i++)
            backend.distribution("exact.values", i, {}, 1, undefined);
          await backend.close();
          const values = (await target.totals()).values("exact.values");
          expect(values).toHaveLength(20_000);
          expect(values.reduce((a, b) => a + b, 0)).toBe((19_999 * 20_000) / 2);
          expect(errors).toEqual([]);
        });

        it("flushes when the process ends on its own: 5 metrics emitted, 5 arrive", async () => {
          const target = await peer(protocol);
          const source = emittingChild(entry, name, target.target, 5);
          const run = await runChild(source);
          expect(run.stderr).toBe("");
          expect(run.code).toBe(0);
          const totals = await target.totals();
          for (let i = 0; i < 5; i++) expect(totals.counter(`exit.m${i}`)).toBe(1);
        });

        it("flushes again what the application emits in its own beforeExit, and still exits", async () => {
          const target = await peer(protocol);
          const late = `let once = false;
process.on("beforeExit", () => { if (!once) { once = true; backend.incr("exit.late", 1, {}, 1); } });`;
          const source = emittingChild(entry, name, target.target, 1, late);
          const run = await runChild(source);
          expect(run.code).toBe(0);
          const totals = await target.totals();
          expect(totals.counter("exit.m0")).toBe(1);
          expect(totals.counter("exit.late")).toBe(1);
        });

        it("never sends a counter sum that overflowed; reports it with its increments", async () => {
          const target = await peer(protocol);
          const { backend, errors } = start({ ...target.target });
          backend.incr("overflow.sum", Number.MAX_VALUE, {}, 1, undefined);
          backend.incr("overflow.sum", Number.MAX_VALUE, {}, 1, undefined);
          backend.incr("overflow.fine", 1, {}, 1, undefined);
          await backend.close();
          const totals = await target.totals();
          expect(totals.counter("overflow.fine")).toBe(1);
          expect(totals.has("overflow.sum")).toBe(false);
          const report = errors.find((e) => e.key === "overflow.sum");
          expect(report).toMatchObject({ code: "invalid_value", dropped: 2 });
        });
      });
    }

    if (peers.tcp !== undefined) {
      it("bounds the bytes waiting under a burst of 3M calls to 1M contexts; every loss counted", async () => {
        const target = await peer("tcp");
        const { backend, errors } = start({ ...target.target, flushTimeoutMs: 20_000 });
        const calls = 3_000_000;
        for (let i = 0; i < calls; i++)
          backend.incr(`burst.c${i % 1_000_000}`, 1, {}, 1, undefined);
        await backend.close();
        const totals = await target.totals();
        let arrived = 0;
        for (let i = 0; i < 1_000_000; i++) arrived += totals.counter(`burst.c${i}`);
        const dropped = droppedIn(errors);
        expect(dropped).toBeGreaterThan(0);
        expect(arrived).toBeGreaterThan(0);
        expect(arrived + dropped).toBe(calls);
      }, 120_000);

      it("settles close() by its deadline when the TCP server is down; reports every line lost", async () => {
        const port = await downTcpPort();
        const { backend, errors } = start({
          protocol: "tcp",
          port,
          aggregation: false,
          flushTimeoutMs: DEADLINE_MS,
        });
        for (let i = 0; i < 100; i++) backend.incr(`down.c${i}`, 1, {}, 1, undefined);
        await backend.flush();
        await closeWithin(backend, DEADLINE_MS + SLACK_MS);
        expect(droppedIn(errors.filter((e) => e.code === "dropped"))).toBe(100);
      });

      it("settles flush() and close() by the deadline when the TCP server stops reading; what it gets plus what is reported adds up", async () => {
        const server = await startStalledServer();
        cleanup.push(() => server.close());
        const { backend, errors } = start({
          protocol: "tcp",
          port: server.port,
          aggregation: false,
          flushTimeoutMs: DEADLINE_MS,
          maxQueueBytes: 256 * 1024,
        });
        const lines = 400_000;
        const key = `stalled.${"k".repeat(100)}`;
        for (let i = 0; i < lines / 1000; i++) {
          for (let j = 0; j < 1000; j++) backend.incr(key, 1, {}, 1, undefined);
          if (i % 40 === 0) {
            const began = Date.now();
            await backend.flush();
            expect(Date.now() - began).toBeLessThan(DEADLINE_MS + SLACK_MS);
          }
        }
        await closeWithin(backend, DEADLINE_MS + SLACK_MS);
        const received = await server.readAll();
        expect(received.every((line) => line === `${key}:1|c`)).toBe(true);
        expect(received.length + droppedIn(errors)).toBe(lines);
      }, 60_000);

      it("exits on its own by the deadline when the TCP server stops reading; what it gets plus what is reported adds up", async () => {
        const server = await startStalledServer();
        cleanup.push(() => server.close());
        const lines = 400_000;
        const key = `stalled.${"k".repeat(100)}`;
        const options = {
          protocol: "tcp",
          port: server.port,
          aggregation: false,
          flushTimeoutMs: DEADLINE_MS,
          maxQueueBytes: 256 * 1024,
        };
        // Writes the server never reads would keep the process alive: the exit flush drops them
        // at its deadline and reports them. The child times itself from the end of its script.
        const source = `import { ${name} as Backend } from ${JSON.stringify(entry)};
let dropped = 0;
const backend = new Backend({ ...${JSON.stringify(options)}, onError: (e) => { dropped += e.dropped ?? 0; } });
for (let i = 0; i < ${lines}; i++) backend.incr(${JSON.stringify(key)}, 1, {}, 1);
const ended = Date.now();
process.on("exit", () => console.log(JSON.stringify({ dropped, exitAfterMs: Date.now() - ended })));`;
        const run = await runChild(source);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        const { dropped, exitAfterMs } = JSON.parse(run.stdout);
        expect(exitAfterMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
        const received = await server.readAll();
        expect(received.every((line) => line === `${key}:1|c`)).toBe(true);
        expect(dropped).toBeGreaterThan(0);
        expect(received.length + dropped).toBe(lines);
      }, 60_000);
    }

    if (peers.uds !== undefined) {
      it("holds and resends across a Unix socket receiver recreated after 3 s: every count arrives", async () => {
        const target = await peer("uds");
        const { backend, errors } = start({ ...target.target, flushIntervalMs: 500 });
        let sent = 0;
        const emitting = (async () => {
          for (let i = 0; i < 50; i++) {
            backend.incr("restart.count", 1, {}, 1, undefined);
            sent += 1;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 400));
        await target.restartAfter!(3_000);
        await emitting;
        await backend.close();
        expect((await target.totals()).counter("restart.count")).toBe(sent);
        expect(droppedIn(errors)).toBe(0);
      }, 30_000);

      it("settles close() by its deadline when the Unix socket is gone; reports every line lost", async () => {
        const target = await peer("uds");
        const { backend, errors } = start({
          ...target.target,
          aggregation: false,
          flushTimeoutMs: DEADLINE_MS,
        });
        await target.close();
        for (let i = 0; i < 100; i++) backend.incr(`gone.c${i}`, 1, {}, 1, undefined);
        await closeWithin(backend, DEADLINE_MS + SLACK_MS);
        expect(droppedIn(errors.filter((e) => e.code === "dropped"))).toBe(100);
      });
    }

    it("refuses an unknown option, naming it and the closest valid one", () => {
      expect(() => create({ prot: 8125 })).toThrow('unknown option "prot"; did you mean "port"?');
    });
  });
}
