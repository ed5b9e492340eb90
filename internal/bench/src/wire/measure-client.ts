import { collectGarbage } from "../harness/gc.js";
import type { Sink } from "../sink/sink-client.js";
import type { WireTotals } from "../sink/wire-totals.js";
import type { Expected } from "./workloads.js";

/** One configured client ready to emit: ours through the facade, or a peer. */
export interface ClientUnderTest {
  /** Emits the `i`-th metric of the workload. */
  call(i: number): void;
  /** Sends everything held and releases the socket; resolves when done. */
  close(): Promise<void>;
  /** Errors the client reported while running. */
  errors(): number;
}

export interface ClientMeasurement {
  calls: number;
  /**
   * Calls per second of wall time while calling, including the event-loop turns between chunks
   * (socket callbacks, flush timers): everything the client made the process do.
   */
  callsPerSec: number;
  /** Milliseconds from the first call until `close()` resolved. */
  totalMs: number;
  totals: WireTotals;
  kernelDrops: number | null;
  errors: number;
  expected: Expected;
}

const CHUNK = 10_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Makes `calls` calls in chunks of 10,000, letting timers and socket callbacks run between chunks
 * as they would in a server, then closes the client and waits for the sink to go quiet.
 */
export async function measureClient(
  sink: Sink,
  channel: "udp" | "uds",
  create: () => ClientUnderTest | Promise<ClientUnderTest>,
  calls: number,
  expected: Expected,
): Promise<ClientMeasurement> {
  await sink.reset();
  const client = await create();
  collectGarbage();
  const start = performance.now();
  for (let done = 0; done < calls; done += CHUNK) {
    const end = Math.min(calls, done + CHUNK);
    for (let i = done; i < end; i++) client.call(i);
    await yieldToEventLoop();
  }
  const callingMs = performance.now() - start;
  await client.close();
  const totalMs = performance.now() - start;
  const sinkTotals = await sink.settle();
  return {
    calls,
    callsPerSec: (calls / callingMs) * 1000,
    totalMs,
    totals: sinkTotals[channel],
    kernelDrops: channel === "udp" ? sinkTotals.udpKernelDrops : null,
    errors: client.errors(),
    expected,
  };
}
