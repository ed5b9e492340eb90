// `@metrics/statsd` and `@metrics/dogstatsd` through the facade against hot-shots 17's fastest
// configuration, over UDP and UDS to a sink in another process that counts what a server would:
// one row per transport × socket × metric type, every count and value must arrive. Then the
// memory row: heap held by 100,000 live DogStatsD contexts and one flush of them.
import { type ChildProcess, fork } from "node:child_process";
import { close, configure, distribution, incr, type MetricsBackend, timing } from "@metrics/core";
import { StatsD } from "hot-shots";
import {
  type CallRange,
  CONTEXT_KEYS,
  CONTEXT_TAGS,
  CONTEXTS,
  collectGarbage,
  expectedValueSum,
  type Loaded,
  loadTransport,
  millisecondsOf,
  type SuiteReport,
  siblingPath,
  timeCalls,
} from "../harness.js";
import { formatBytes, formatNumber, formatRatio, renderTable, verdict } from "../report.js";
import type { SinkCommand, WireTotals } from "./sink-process.js";

const CALLS = 1_000_000;
const ROUNDS = 3;
/** Ours lasts ~0.1 s where hot-shots lasts ~3 s: three of ours per round sample more of the machine's quiet and busy spells. */
const OURS_PER_ROUND = 3;
const LIVE_CONTEXTS = 100_000;

type Protocol = "udp" | "uds";
type Kind = "counter" | "value";
interface Client {
  callRange: CallRange;
  close(): Promise<void>;
}
interface Measurement {
  callsPerSec: number;
  totals: WireTotals;
}

/** The sink child process: one command at a time, each answered by one message. */
class Sink {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly path: string,
  ) {}
  static start(): Promise<Sink> {
    const child = fork(siblingPath(import.meta.url, "./sink-process.ts"), [], {
      execArgv: ["--import", "tsx"],
    });
    return new Promise((resolve) =>
      child.once("message", (m: { port: number; path: string }) =>
        resolve(new Sink(child, m.port, m.path)),
      ),
    );
  }
  ask<T>(command: SinkCommand): Promise<T> {
    return new Promise((resolve) => {
      this.child.once("message", resolve);
      this.child.send(command);
    });
  }
}

/** hot-shots 17, every Datadog behaviour off so both sides send the same line shapes. */
function hotShots(sink: Sink, protocol: Protocol, kind: Kind, dialect: string): Client {
  const client = new StatsD({
    protocol,
    ...(protocol === "uds" ? { path: sink.path } : { host: "127.0.0.1", port: sink.port }),
    maxBufferSize: protocol === "uds" ? 8192 : 1432,
    datadog: false,
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
    // Its aggregation (counts, gauges, sets) is its fastest counter configuration.
    ...(kind === "counter" ? { aggregation: { flushInterval: 2000, maxContexts: 5000 } } : {}),
    errorHandler: () => {},
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++)
            client.increment(CONTEXT_KEYS[i % CONTEXTS]!, 1, CONTEXT_TAGS[i % CONTEXTS]);
        }
      : dialect === "StatsD"
        ? (from, to) => {
            for (let i = from; i < to; i++)
              client.timing(
                CONTEXT_KEYS[i % CONTEXTS]!,
                millisecondsOf(i),
                CONTEXT_TAGS[i % CONTEXTS],
              );
          }
        : (from, to) => {
            for (let i = from; i < to; i++)
              client.distribution(
                CONTEXT_KEYS[i % CONTEXTS]!,
                millisecondsOf(i),
                CONTEXT_TAGS[i % CONTEXTS],
              );
          };
  return { callRange, close: () => new Promise<void>((resolve) => client.close(() => resolve())) };
}

/** Ours as an application uses it: configured once, called through the facade, closed. */
function ours(backend: MetricsBackend, kind: Kind, dialect: string): Client {
  configure({ backend });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++)
            incr(CONTEXT_KEYS[i % CONTEXTS]!, { tags: CONTEXT_TAGS[i % CONTEXTS] });
        }
      : dialect === "StatsD"
        ? (from, to) => {
            for (let i = from; i < to; i++)
              timing(CONTEXT_KEYS[i % CONTEXTS]!, millisecondsOf(i) / 1000, {
                tags: CONTEXT_TAGS[i % CONTEXTS],
              });
          }
        : (from, to) => {
            for (let i = from; i < to; i++)
              distribution(CONTEXT_KEYS[i % CONTEXTS]!, millisecondsOf(i), {
                tags: CONTEXT_TAGS[i % CONTEXTS],
              });
          };
  return { callRange, close };
}

async function measure(sink: Sink, protocol: Protocol, create: () => Client): Promise<Measurement> {
  await sink.ask("reset");
  const client = create();
  collectGarbage();
  const ms = await timeCalls(client.callRange, CALLS);
  await client.close();
  const totals = (await sink.ask<Record<Protocol, WireTotals>>("settle"))[protocol];
  return { callsPerSec: (CALLS / ms) * 1000, totals };
}

const VALUE_SUM = expectedValueSum(CALLS);
function delivered(kind: Kind, t: WireTotals): boolean {
  if (kind === "counter") return t.counterTotal === CALLS && t.malformed === 0;
  return (
    Math.round(t.values) === CALLS &&
    Math.abs(t.valueSum - VALUE_SUM) <= VALUE_SUM * 1e-9 &&
    t.malformed === 0
  );
}
const got = (kind: Kind, t: WireTotals) =>
  Math.round(kind === "counter" ? t.counterTotal : t.values);

interface Row {
  dialect: string;
  protocol: Protocol;
  kind: Kind;
  peer: Measurement[];
  ours: Measurement[] | string;
}

/** `rounds` interleaved rounds of hot-shots and ours; the fastest of each is shown. */
async function compare(
  sink: Sink,
  transport: Loaded<object>,
  dialect: string,
  protocol: Protocol,
  kind: Kind,
): Promise<Row> {
  const row: Row = {
    dialect,
    protocol,
    kind,
    peer: [],
    ours: transport.ok ? [] : transport.reason,
  };
  const socket = protocol === "udp" ? { host: "127.0.0.1", port: sink.port } : { path: sink.path };
  for (let round = 0; round < ROUNDS; round++) {
    row.peer.push(await measure(sink, protocol, () => hotShots(sink, protocol, kind, dialect)));
    for (let i = 0; i < OURS_PER_ROUND && transport.ok && typeof row.ours !== "string"; i++) {
      const backend = () => new transport.Backend({ protocol, ...socket, onError: () => {} });
      row.ours.push(await measure(sink, protocol, () => ours(backend(), kind, dialect)));
    }
  }
  return row;
}

const fastest = (list: Measurement[]) =>
  list.reduce((a, b) => (b.callsPerSec > a.callsPerSec ? b : a));

/** Heap held by `LIVE_CONTEXTS` counter contexts within one window, and one flush of them. */
async function liveContexts(sink: Sink, transport: Loaded<object>): Promise<string[][]> {
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
    const totals = (await sink.ask<Record<Protocol, WireTotals>>("settle")).udp;
    rows.push([
      label,
      formatBytes(held),
      formatNumber(held / LIVE_CONTEXTS, 0),
      formatNumber(flushMs, 0),
      `${formatNumber(totals.counterTotal, 0)} / ${formatNumber(LIVE_CONTEXTS, 0)}`,
    ]);
  };
  if (transport.ok) {
    const backend = new transport.Backend({
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
  }
  const client = new StatsD({
    host: "127.0.0.1",
    port: sink.port,
    maxBufferSize: 1432,
    datadog: false,
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
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

export async function run(): Promise<SuiteReport> {
  const transports = {
    StatsD: await loadTransport<object>("@metrics/statsd", "StatsdBackend"),
    DogStatsD: await loadTransport<object>("@metrics/dogstatsd", "DogStatsdBackend"),
  };
  const sink = await Sink.start();
  const rows: Row[] = [];
  for (const [dialect, transport] of Object.entries(transports)) {
    for (const protocol of ["udp", "uds"] as const) {
      for (const kind of ["counter", "value"] as const) {
        console.error(`  wire: ${dialect} ${protocol} ${kind}`);
        rows.push(await compare(sink, transport, dialect, protocol, kind));
      }
    }
  }
  const live = await liveContexts(sink, transports.DogStatsD);
  await sink.ask("stop");

  const table: string[][] = [];
  const lines: string[] = [];
  const summary: string[] = [];
  for (const row of rows) {
    const kindName =
      row.kind === "counter" ? "counters" : row.dialect === "StatsD" ? "timings" : "distributions";
    const label = `${row.dialect} ${kindName}, ${row.protocol.toUpperCase()}`;
    const peer = fastest(row.peer);
    const peerCell = `${formatNumber(peer.callsPerSec / 1e6, 2)} M/s, ${got(row.kind, peer.totals).toLocaleString("en-US")} delivered, ${formatNumber(peer.totals.datagrams, 0)} datagrams`;
    if (typeof row.ours === "string") {
      table.push([label, `not available: ${row.ours}`, peerCell, "–"]);
      continue;
    }
    const best = fastest(row.ours);
    const ratio = best.callsPerSec / peer.callsPerSec;
    const allDelivered = row.ours.every((m) => delivered(row.kind, m.totals));
    const worst = Math.min(...row.ours.map((m) => got(row.kind, m.totals)));
    table.push([
      label,
      `${formatNumber(best.callsPerSec / 1e6, 2)} M/s, ${worst.toLocaleString("en-US")} delivered (worst of ${row.ours.length}), ${formatNumber(best.totals.datagrams, 0)} datagrams`,
      peerCell,
      formatRatio(ratio),
    ]);
    // The targets of the issues: counters 20×, StatsD timings 5×, DogStatsD distributions 10×.
    const target = row.kind === "counter" ? 20 : row.dialect === "StatsD" ? 5 : 10;
    lines.push(
      verdict(ratio >= target, `${label}: ≥ ${target}× hot-shots' calls/s`, formatRatio(ratio)),
      verdict(
        allDelivered,
        `${label}: every ${row.kind === "counter" ? "count" : "value (count and sum)"} delivered, no malformed line, in every measurement`,
        `worst ${worst.toLocaleString("en-US")} / ${CALLS.toLocaleString("en-US")}`,
      ),
    );
    summary.push(
      `${label}: **${formatRatio(ratio)}** hot-shots${allDelivered ? "" : " (NOT every count delivered)"}`,
    );
  }
  const markdown = [
    renderTable(
      [
        "workload (1,000,000 calls, 100 contexts, 2 tags)",
        "@metrics through the facade (fastest)",
        "hot-shots 17 (fastest)",
        "× hot-shots",
      ],
      table,
    ),
    "",
    ...lines,
    "",
    "hot-shots: `maxBufferSize` 1432 (UDP) or 8192 (UDS), Datadog behaviours off, `aggregation: true` for counters (its fastest configuration; it does not touch timings and distributions). Ours: defaults, `configure({ backend })`, then `incr(key, { tags })` / `timing(key, seconds, …)` / `distribution(…)`, then `close()`. Each client has its own calling loop, in chunks of 10,000 calls with an event-loop turn between them; calls/s is over that phase. " +
      `${ROUNDS} interleaved rounds, hot-shots once and ours ${OURS_PER_ROUND} times per round; delivery is checked in every measurement. The sink (\`@metrics/test-peers\` UDP and Unix datagram sinks, strict parsers) runs in another process; the Unix socket's queue is \`net.unix.max_dgram_qlen\` datagrams.`,
    "",
    `### ${LIVE_CONTEXTS.toLocaleString("en-US")} live DogStatsD counter contexts (2 tags each)`,
    "",
    renderTable(
      ["client", "heap held", "bytes / context", "one flush (ms)", "counts delivered"],
      live,
    ),
    "",
    "Heap: `heapUsed` after a full GC, before and after the calls, within one flush window. hot-shots' `flush()` resolves when its lines reach its buffer, ours when the datagrams left the socket.",
  ].join("\n");
  if (live.length === 2)
    summary.push(
      `100,000 live DogStatsD contexts: ${live[0]![1]} held, ${live[0]![3]} ms flush (hot-shots aggregation ${live[1]![1]}, ${live[1]![3]} ms)`,
    );
  return {
    title: "StatsD and DogStatsD: `@metrics/statsd`, `@metrics/dogstatsd` vs hot-shots",
    markdown,
    summary,
  };
}
