// The memory row: heap held by 100,000 live DogStatsD counter contexts within one window, and
// the time of one flush of them, for ours and for hot-shots' aggregation.
import { close, configure, incr } from "@metrics/core";
import { collectGarbage } from "../harness.js";
import { formatBytes, formatCount, formatNumber, renderTable } from "../report.js";
import { hotShots } from "./hot-shots.js";
import type { Settled, Sink } from "./sink.js";
import type { BackendClass } from "./wire.js";

const LIVE_CONTEXTS = 100_000;
const heapUsed = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** The memory section's lines; its summary line goes to `summary`. */
export async function liveContexts(sink: Sink, Backend: BackendClass, summary: string[]) {
  const options = Array.from({ length: LIVE_CONTEXTS }, (_, i) => ({
    tags: { id: `c${i}`, status: "200" },
  }));
  /** Heap held by the contexts `emit` makes, one flush of them, and the counts that arrived. */
  const row = async (
    emit: (i: number) => void,
    flush: () => Promise<void>,
    done: () => unknown,
  ) => {
    await sink.ask("reset");
    // Synchronous from the baseline to the flush: no window timer fires in between.
    const before = heapUsed();
    for (let i = 0; i < LIVE_CONTEXTS; i++) emit(i);
    const held = heapUsed() - before;
    const start = performance.now();
    await flush();
    const flushMs = formatNumber(performance.now() - start);
    await done();
    const counts = formatCount((await sink.ask<Settled>("settle")).udp.counts);
    const perContext = formatNumber(held / LIVE_CONTEXTS);
    return [formatBytes(held), perContext, flushMs, `${counts} / ${formatCount(LIVE_CONTEXTS)}`];
  };
  const udp = { host: "127.0.0.1", port: sink.address.port };
  const window = { flushIntervalMs: 10_000, maxContexts: 2 * LIVE_CONTEXTS };
  const backend = new Backend({ protocol: "udp", ...udp, ...window, onError: () => {} });
  configure({ backend });
  const ours = await row(
    (i) => incr("bench.live", options[i]),
    () => backend.flush(),
    close,
  );
  const peer = hotShots(udp, { flushInterval: 10_000, maxContexts: 2 * LIVE_CONTEXTS });
  const emit = (i: number) => peer.client.increment("bench.live", 1, options[i]!.tags);
  const theirs = await row(emit, peer.flush, peer.close);
  summary.push(
    `100,000 live DogStatsD contexts: ${ours[0]} held, ${ours[2]} ms flush (hot-shots aggregation ${theirs[0]}, ${theirs[2]} ms)`,
  );
  const headers = ["client", "heap held", "bytes / context", "one flush (ms)", "counts delivered"];
  const rows = [
    ["@metrics/dogstatsd", ...ours],
    ["hot-shots 17, aggregation", ...theirs],
  ];
  return [
    "",
    "### 100,000 live DogStatsD counter contexts (2 tags each)",
    "",
    renderTable(headers, rows),
    "",
    "Heap: `heapUsed` after a full GC, before and after the calls, within one flush window. hot-shots' `flush()` resolves when its lines reach its buffer, ours when the datagrams left the socket.",
  ];
}
