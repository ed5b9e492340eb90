// `@metrics/statsd` and `@metrics/dogstatsd` through the facade against hot-shots 17's fastest
// configuration, over UDP and UDS to a sink in another process that counts what a server would:
// one row per transport × socket × metric type, every count and value must arrive. Then the
// memory row: heap held by 100,000 live DogStatsD contexts and one flush of them.
import { close, configure, distribution, incr, type MetricsBackend, timing } from "@metrics/core";
import { StatsD } from "hot-shots";
import {
  type CallRange,
  collectGarbage,
  expectedValueSum,
  KEYS,
  msOf,
  type SuiteReport,
  TAGS,
  timeCalls,
} from "../harness.js";
import { Findings, formatNumber, formatRatio, renderTable } from "../report.js";
import { HOT_SHOTS, liveContexts, liveContextsSection } from "./live-contexts.js";
import { Sink, type WireTotals } from "./sink.js";

const CALLS = 1_000_000;
const ROUNDS = 3;
/** Ours lasts ~0.1 s where hot-shots lasts ~3 s: three of ours per round sample more of the machine's quiet and busy spells. */
const OURS_PER_ROUND = 3;

type Protocol = "udp" | "uds";
/** Either transport, constructed with its socket options. */
export type BackendClass = new (options: {
  protocol: Protocol;
  onError: () => void;
  [option: string]: unknown;
}) => MetricsBackend;
type Kind = "counter" | "value";
interface Client {
  callRange: CallRange;
  close(): Promise<void>;
}
interface Measurement {
  callsPerSec: number;
  totals: WireTotals;
}

/** hot-shots 17 as the peer, buffered into datagrams as large as ours. */
function hotShots(sink: Sink, protocol: Protocol, kind: Kind, dialect: string): Client {
  const client = new StatsD({
    protocol,
    ...(protocol === "uds" ? { path: sink.path } : { host: "127.0.0.1", port: sink.port }),
    maxBufferSize: protocol === "uds" ? 8192 : 1432,
    ...HOT_SHOTS,
    // Its aggregation (counts, gauges, sets) is its fastest counter configuration.
    ...(kind === "counter" ? { aggregation: { flushInterval: 2000, maxContexts: 5000 } } : {}),
    errorHandler: () => {},
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) client.increment(KEYS[i % 100]!, 1, TAGS[i % 100]);
        }
      : dialect === "StatsD"
        ? (from, to) => {
            for (let i = from; i < to; i++) client.timing(KEYS[i % 100]!, msOf(i), TAGS[i % 100]);
          }
        : (from, to) => {
            for (let i = from; i < to; i++)
              client.distribution(KEYS[i % 100]!, msOf(i), TAGS[i % 100]);
          };
  return { callRange, close: () => new Promise<void>((resolve) => client.close(() => resolve())) };
}

/** Ours as an application uses it: configured once, called through the facade, closed. */
function ours(backend: MetricsBackend, kind: Kind, dialect: string): Client {
  configure({ backend });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) incr(KEYS[i % 100]!, { tags: TAGS[i % 100] });
        }
      : dialect === "StatsD"
        ? (from, to) => {
            for (let i = from; i < to; i++)
              timing(KEYS[i % 100]!, msOf(i) / 1000, {
                tags: TAGS[i % 100],
              });
          }
        : (from, to) => {
            for (let i = from; i < to; i++)
              distribution(KEYS[i % 100]!, msOf(i), {
                tags: TAGS[i % 100],
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
  const totals = (await sink.settle())[protocol];
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
  protocol: Protocol;
  kind: Kind;
  peer: Measurement[];
  ours: Measurement[];
}

/** `ROUNDS` interleaved rounds of hot-shots and ours; the fastest of each is shown. */
async function compare(
  sink: Sink,
  Backend: BackendClass,
  dialect: string,
  protocol: Protocol,
  kind: Kind,
): Promise<Row> {
  const row: Row = {
    protocol,
    kind,
    peer: [],
    ours: [],
  };
  const socket = protocol === "udp" ? { host: "127.0.0.1", port: sink.port } : { path: sink.path };
  for (let round = 0; round < ROUNDS; round++) {
    row.peer.push(await measure(sink, protocol, () => hotShots(sink, protocol, kind, dialect)));
    for (let i = 0; i < OURS_PER_ROUND; i++) {
      const backend = () => new Backend({ protocol, ...socket, onError: () => {} });
      row.ours.push(await measure(sink, protocol, () => ours(backend(), kind, dialect)));
    }
  }
  return row;
}

const fastest = (list: Measurement[]) =>
  list.reduce((a, b) => (b.callsPerSec > a.callsPerSec ? b : a));

/** One dialect per process (suites `statsd`, `dogstatsd`): an application has one backend. */
async function runDialect(dialect: "StatsD" | "DogStatsD"): Promise<SuiteReport> {
  // Imported here, so the other dialect's package is not loaded in this process.
  const Backend: BackendClass =
    dialect === "StatsD"
      ? (await import("@metrics/statsd")).StatsdBackend
      : (await import("@metrics/dogstatsd")).DogStatsdBackend;
  const sink = await Sink.start();
  const rows: Row[] = [];
  for (const protocol of ["udp", "uds"] as const) {
    for (const kind of ["counter", "value"] as const) {
      rows.push(await compare(sink, Backend, dialect, protocol, kind));
    }
  }
  const live = dialect === "DogStatsD" ? await liveContexts(sink, Backend) : [];
  await sink.ask("stop");

  const found = new Findings();
  for (const row of rows) {
    const kind =
      row.kind === "counter" ? "counters" : dialect === "StatsD" ? "timings" : "distributions";
    const label = `${dialect} ${kind}, ${row.protocol.toUpperCase()}`;
    const cell = (m: Measurement, delivered: string) =>
      `${formatNumber(m.callsPerSec / 1e6, 2)} M/s, ${delivered} delivered, ${formatNumber(m.totals.datagrams, 0)} datagrams`;
    const peer = fastest(row.peer);
    const peerCell = cell(peer, got(row.kind, peer.totals).toLocaleString("en-US"));
    const best = fastest(row.ours);
    const ratio = best.callsPerSec / peer.callsPerSec;
    const allDelivered = row.ours.every((m) => delivered(row.kind, m.totals));
    const worst = Math.min(...row.ours.map((m) => got(row.kind, m.totals))).toLocaleString("en-US");
    found.rows.push([
      label,
      cell(best, `${worst} (worst of ${row.ours.length})`),
      peerCell,
      formatRatio(ratio),
    ]);
    // The targets of the issues: counters 20×, StatsD timings 5×, DogStatsD distributions 10×.
    const target = row.kind === "counter" ? 20 : dialect === "StatsD" ? 5 : 10;
    const summary = `${label}: **${formatRatio(ratio)}** hot-shots${allDelivered ? "" : " (NOT all delivered)"}`;
    found.check(
      ratio >= target,
      `${label}: ≥ ${target}× hot-shots' calls/s`,
      formatRatio(ratio),
      summary,
    );
    const what = row.kind === "counter" ? "count" : "value (count and sum)";
    found.check(
      allDelivered,
      `${label}: every ${what} delivered, no malformed line, in every measurement`,
      `worst ${worst} / 1,000,000`,
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
      found.rows,
    ),
    "",
    ...found.lines,
    "",
    "hot-shots: `maxBufferSize` 1432 (UDP) or 8192 (UDS), Datadog behaviours off, `aggregation: true` for counters (its fastest configuration; it does not touch timings and distributions). Ours: defaults, `configure({ backend })`, then `incr(key, { tags })` / `timing(key, seconds, …)` / `distribution(…)`, then `close()`. Each client has its own calling loop, in chunks of 10,000 calls with an event-loop turn between them; calls/s is over that phase. " +
      `${ROUNDS} interleaved rounds, hot-shots once and ours ${OURS_PER_ROUND} times per round; delivery is checked in every measurement. The sink (\`@metrics/test-peers\` UDP and Unix datagram sinks, strict parsers) runs in another process; the Unix socket's queue is \`net.unix.max_dgram_qlen\` datagrams.`,
    ...(live.length > 0 ? liveContextsSection(live, found.summary) : []),
  ].join("\n");
  const name = dialect === "StatsD" ? "statsd" : "dogstatsd";
  return {
    title: `${dialect}: \`@metrics/${name}\` vs hot-shots`,
    markdown,
    summary: found.summary,
  };
}

export const statsd = { run: () => runDialect("StatsD") };
export const dogstatsd = { run: () => runDialect("DogStatsD") };
