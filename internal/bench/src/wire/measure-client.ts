import { collectGarbage } from "../harness/gc.js";
import { type CallRange, timeCalls } from "../harness/timed-calls.js";
import type { Sink } from "../sink/sink-client.js";
import type { WireTotals } from "../sink/wire-totals.js";
import type { Expected } from "./workloads.js";

/** One configured client ready to emit: ours through the facade, or a peer. */
export interface ClientUnderTest {
  /** Emits metrics `from` … `to - 1` of the workload. */
  callRange: CallRange;
  /** Sends everything held and releases the socket; resolves when done. */
  close(): Promise<void>;
  /** Errors the client reported while running. */
  errors(): number;
}

export interface ClientMeasurement {
  calls: number;
  /** Calls per second of wall time while calling, event-loop turns between chunks included. */
  callsPerSec: number;
  /** Milliseconds from the first call until `close()` resolved. */
  totalMs: number;
  totals: WireTotals;
  kernelDrops: number | null;
  errors: number;
  expected: Expected;
}

/** Times `calls` calls (see `timeCalls`), closes the client and waits for the sink to go quiet. */
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
  const callingMs = await timeCalls(client.callRange, calls);
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
