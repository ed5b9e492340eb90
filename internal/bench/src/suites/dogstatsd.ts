import { close, configure, incr, type MetricsBackend } from "@metrics/core";
import { StatsD } from "hot-shots";
import { settledHeap } from "../harness/gc.js";
import type { Suite, SuiteReport } from "../harness/suite.js";
import { type Loaded, loadTransport } from "../harness/transports.js";
import { formatBytes, formatNumber, renderTable } from "../report/table.js";
import { Sink } from "../sink/sink-client.js";
import { directClient } from "../wire/direct-client.js";
import { facadeClient } from "../wire/facade-client.js";
import { hotShotsClient, type WorkloadKind } from "../wire/hot-shots-client.js";
import { measureRows, type RowPlan } from "../wire/measure-rows.js";
import { type WireRow, wireTable, wireVerdicts } from "../wire/wire-table.js";
import { type Expected, expectedCounters, expectedValues } from "../wire/workloads.js";

const CALLS = 1_000_000;
const ROUNDS = 5;
const LIVE_CONTEXTS = 100_000;

/** One of our rows: the transport's options, and whether the facade is bypassed. */
interface Variant {
  name: string;
  maxSamplesPerContext?: number;
  direct?: boolean;
}

interface DogStatsdOptions {
  protocol: "udp" | "uds";
  host?: string;
  port?: number;
  path?: string;
  maxContexts?: number;
  maxSamplesPerContext?: number;
  flushIntervalMs?: number;
  onError: () => void;
}

type Transport = Loaded<DogStatsdOptions>;

function socketOptions(sink: Sink, protocol: "udp" | "uds") {
  return protocol === "udp"
    ? { protocol, host: "127.0.0.1", port: sink.address.udpPort }
    : { protocol, path: sink.address.udsPath ?? "" };
}

async function compare(
  sink: Sink,
  transport: Transport,
  protocol: "udp" | "uds",
  kind: WorkloadKind,
  expected: Expected,
): Promise<WireRow[]> {
  const socket = socketOptions(sink, protocol);
  const size = protocol === "udp" ? "maxBufferSize 1432" : "maxBufferSize 8192";
  const plans: RowPlan[] = (protocol === "udp" ? [false, true] : [false]).map((aggregation) => ({
    label: `hot-shots 17, ${size}${aggregation ? ", aggregation: true" : ""}`,
    peer: true,
    create: () =>
      hotShotsClient(kind, {
        protocol,
        port: sink.address.udpPort,
        path: sink.address.udsPath ?? "",
        aggregation,
      }),
    // hot-shots' aggregation does not touch distributions: one round documents that.
    ...(aggregation && kind !== "counter" ? { rounds: 1 } : {}),
  }));
  const variants: Variant[] = [{ name: "defaults" }];
  // Exact by default (full contexts are sent early); a second row opts in to sampling, where a
  // reservoir keeps 1,000 values per context and a sample rate carries the rest.
  if (kind !== "counter")
    variants.push({ name: "maxSamplesPerContext: 1,000", maxSamplesPerContext: 1_000 });
  // The transport alone, without the facade in front: where the time goes (UDP only).
  if (protocol === "udp")
    variants.push({ name: "defaults, backend called directly, no facade", direct: true });
  for (const { name, maxSamplesPerContext, direct } of variants) {
    plans.push({
      label: `@metrics/dogstatsd (${name}, ${protocol.toUpperCase()})`,
      peer: false,
      informative: direct,
      delivery: maxSamplesPerContext === undefined ? "exact" : "sampled",
      create: transport.ok
        ? () =>
            (direct ? directClient : facadeClient)(
              kind,
              (onError) =>
                new transport.Backend({
                  ...socket,
                  ...(maxSamplesPerContext ? { maxSamplesPerContext } : {}),
                  onError,
                }),
            )
        : { unavailable: transport.reason },
    });
  }
  // UDS repeats the UDP comparison on another socket: one round keeps the run short.
  return measureRows(sink, protocol, plans, CALLS, expected, protocol === "udp" ? ROUNDS : 1);
}

interface LiveContexts {
  label: string;
  heldBytes: number;
  flushMs: number;
  delivered: number;
}

/** `LIVE_CONTEXTS` distinct counter contexts (2 tags each), built before the heap baseline. */
function contextTags(): Array<{ tags: Record<string, string> }> {
  const all = [];
  for (let i = 0; i < LIVE_CONTEXTS; i++) all.push({ tags: { id: `c${i}`, status: "200" } });
  return all;
}

/** Heap held by live contexts in our transport, and the time of one flush of them. */
async function ourLiveContexts(sink: Sink, transport: Transport): Promise<LiveContexts | string> {
  if (!transport.ok) return transport.reason;
  await sink.reset();
  const options = contextTags();
  const backend: MetricsBackend = new transport.Backend({
    ...socketOptions(sink, "udp"),
    maxContexts: 2 * LIVE_CONTEXTS,
    flushIntervalMs: 10_000,
    onError: () => {},
  });
  configure({ backend });
  // Everything below up to the flush runs synchronously, so no window timer can fire in between.
  const before = settledHeap();
  for (let i = 0; i < LIVE_CONTEXTS; i++) incr("bench.live", options[i]);
  const heldBytes = settledHeap() - before;
  const start = performance.now();
  await backend.flush();
  const flushMs = performance.now() - start;
  await close();
  const totals = await sink.settle();
  return { label: "@metrics/dogstatsd", heldBytes, flushMs, delivered: totals.udp.counterTotal };
}

/** The same for hot-shots 17 with aggregation, its context cap raised to hold them all. */
async function hotShotsLiveContexts(sink: Sink): Promise<LiveContexts> {
  await sink.reset();
  const options = contextTags();
  const client = new StatsD({
    protocol: "udp",
    host: "127.0.0.1",
    port: sink.address.udpPort,
    maxBufferSize: 1432,
    datadog: false,
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
    aggregation: { flushInterval: 10_000, maxContexts: 2 * LIVE_CONTEXTS },
  });
  const before = settledHeap();
  for (let i = 0; i < LIVE_CONTEXTS; i++) client.increment("bench.live", 1, options[i]!.tags);
  const heldBytes = settledHeap() - before;
  const start = performance.now();
  await new Promise<void>((resolve) => client.flush(() => resolve()));
  const flushMs = performance.now() - start;
  await new Promise<void>((resolve) => client.close(() => resolve()));
  const totals = await sink.settle();
  return {
    label: "hot-shots 17, aggregation: true",
    heldBytes,
    flushMs,
    delivered: totals.udp.counterTotal,
  };
}

function liveContextsTable(results: Array<LiveContexts | string>): string {
  return renderTable({
    headers: ["client", "heap held", "bytes / context", "one flush (ms)", "counts delivered"],
    rows: results.map((result) =>
      typeof result === "string"
        ? [`@metrics/dogstatsd: not available (${result})`, "–"]
        : [
            result.label,
            formatBytes(result.heldBytes),
            formatNumber(result.heldBytes / LIVE_CONTEXTS, 0),
            formatNumber(result.flushMs, 1),
            `${formatNumber(result.delivered, 0)} / ${formatNumber(LIVE_CONTEXTS, 0)}`,
          ],
    ),
  });
}

export const dogstatsdSuite: Suite = {
  name: "dogstatsd",
  description:
    "@metrics/dogstatsd vs hot-shots 17 on loopback UDP (and UDS) sinks in another process",
  async run(): Promise<SuiteReport> {
    const transport = await loadTransport<DogStatsdOptions>(
      "@metrics/dogstatsd",
      "DogStatsdBackend",
    );
    const sink = await Sink.start();
    try {
      const sections: string[] = [];
      const protocols: Array<"udp" | "uds"> = sink.address.udsPath ? ["udp", "uds"] : ["udp"];
      for (const protocol of protocols) {
        const name = protocol.toUpperCase();
        const counters = await compare(
          sink,
          transport,
          protocol,
          "counter",
          expectedCounters(CALLS),
        );
        const distributions = await compare(
          sink,
          transport,
          protocol,
          "distribution",
          expectedValues(CALLS),
        );
        sections.push(
          `#### ${name}: counters, 2 tags, 100 contexts, ${CALLS.toLocaleString("en-US")} calls`,
          "",
          wireTable(counters),
          "",
          ...wireVerdicts(counters, `counters over ${name}`, 20),
          "",
          `#### ${name}: distributions, 2 tags, 100 contexts, ${CALLS.toLocaleString("en-US")} calls`,
          "",
          wireTable(distributions),
          "",
          ...wireVerdicts(distributions, `distributions over ${name}`, 10, 20),
          "",
        );
      }
      if (!sink.address.udsPath) {
        sections.push(
          "UDS not measured: the `unix-dgram` addon (hot-shots' optional dependency) did not load.",
          "",
        );
      }
      const live = [await ourLiveContexts(sink, transport), await hotShotsLiveContexts(sink)];
      sections.push(
        `#### ${LIVE_CONTEXTS.toLocaleString("en-US")} live counter contexts (2 tags each)`,
        "",
        liveContextsTable(live),
        "",
        "Heap: `process.memoryUsage().heapUsed` after a full GC, before and after the calls, within one flush window. " +
          "hot-shots' `flush()` resolves when the aggregated lines are handed to its buffer, ours when the datagrams left the socket.",
        "",
        "hot-shots' `aggregation` covers counts, gauges and sets only; distributions bypass it. " +
          `Sink UDP receive buffer: ${(sink.address.udpRecvBuffer / 2 ** 20).toFixed(1)} MiB.`,
      );
      return {
        title: "DogStatsD: `@metrics/dogstatsd` vs hot-shots",
        markdown: sections.join("\n"),
      };
    } finally {
      await sink.stop();
    }
  },
};
