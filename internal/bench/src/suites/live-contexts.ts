// The memory row: heap held by 100,000 live DogStatsD counter contexts within one window, and
// the time of one flush of them, for ours and for hot-shots' aggregation.
import { close, configure, incr } from "@metrics/core";
import { StatsD } from "hot-shots";
import { collectGarbage } from "../harness.js";
import { formatBytes, formatNumber, renderTable } from "../report.js";
import type { Sink } from "./sink.js";
import type { BackendClass } from "./wire.js";

export const LIVE_CONTEXTS = 100_000;

/** hot-shots 17 with every Datadog behaviour off, so both sides send the same line shapes. */
export const HOT_SHOTS = {
  datadog: false,
  includeDataDogTags: false,
  includeDatadogTelemetry: false,
};

/** Heap held by `LIVE_CONTEXTS` counter contexts within one window, and one flush of them. */
export async function liveContexts(sink: Sink, Backend: BackendClass): Promise<string[][]> {
  const options = Array.from({ length: LIVE_CONTEXTS }, (_, i) => ({
    tags: { id: `c${i}`, status: "200" },
  }));
  const heap = () => {
    collectGarbage();
    return process.memoryUsage().heapUsed;
  };
  const rows: string[][] = [];
  const row = async (
    label: string,
    emit: (i: number) => void,
    flush: () => Promise<void>,
    done: () => Promise<void>,
  ) => {
    await sink.ask("reset");
    // Synchronous from the baseline to the flush: no window timer fires in between.
    const before = heap();
    for (let i = 0; i < LIVE_CONTEXTS; i++) emit(i);
    const held = heap() - before;
    const start = performance.now();
    await flush();
    const flushMs = performance.now() - start;
    await done();
    const totals = (await sink.settle()).udp;
    rows.push([
      label,
      formatBytes(held),
      formatNumber(held / LIVE_CONTEXTS, 0),
      formatNumber(flushMs, 0),
      `${formatNumber(totals.counterTotal, 0)} / ${formatNumber(LIVE_CONTEXTS, 0)}`,
    ]);
  };
  const backend = new Backend({
    protocol: "udp",
    host: "127.0.0.1",
    port: sink.port,
    maxContexts: 2 * LIVE_CONTEXTS,
    flushIntervalMs: 10_000,
    onError: () => {},
  });
  configure({ backend });
  await row(
    "@metrics/dogstatsd",
    (i) => incr("bench.live", options[i]),
    () => backend.flush(),
    close,
  );
  const client = new StatsD({
    host: "127.0.0.1",
    port: sink.port,
    maxBufferSize: 1432,
    ...HOT_SHOTS,
    aggregation: { flushInterval: 10_000, maxContexts: 2 * LIVE_CONTEXTS },
  });
  await row(
    "hot-shots 17, aggregation",
    (i) => client.increment("bench.live", 1, options[i]!.tags),
    () => new Promise<void>((resolve) => client.flush(() => resolve())),
    () => new Promise<void>((resolve) => client.close(() => resolve())),
  );
  return rows;
}

/** The memory table, its note and its summary line. */
export function liveContextsSection(live: string[][], summary: string[]): string[] {
  if (live.length === 2) {
    const [ours, peer] = live as [string[], string[]];
    summary.push(
      `100,000 live DogStatsD contexts: ${ours[1]} held, ${ours[3]} ms flush (hot-shots aggregation ${peer[1]}, ${peer[3]} ms)`,
    );
  }
  return [
    "",
    `### ${LIVE_CONTEXTS.toLocaleString("en-US")} live DogStatsD counter contexts (2 tags each)`,
    "",
    renderTable(
      ["client", "heap held", "bytes / context", "one flush (ms)", "counts delivered"],
      live,
    ),
    "",
    "Heap: `heapUsed` after a full GC, before and after the calls, within one flush window. hot-shots' `flush()` resolves when its lines reach its buffer, ours when the datagrams left the socket.",
  ];
}
