// `@metrics/statsd` and `@metrics/dogstatsd` through the facade against hot-shots 17's fastest
// configuration, over UDP and UDS to the sink process (sink.ts): one row per transport × socket ×
// metric type, every count and value must arrive. DogStatsD adds the memory row (live-contexts.ts).
import { close, configure, type MetricsBackend } from "@metrics/core";
import { type CallRange, FACADE_CALLS, measure, type SuiteReport, sideBySide } from "../harness.js";
import { Findings } from "../report.js";
import { hotShots } from "./hot-shots.js";
import { liveContexts } from "./live-contexts.js";
import { type Dialect, type Settled, startSink } from "./sink.js";

const CALLS = 1_000_000;
const VALUE_SUM = (CALLS / 1000) * 500_500; // `msOf(i)` sums to 500,500 over each 1,000 calls
/** Ours lasts ~0.1 s, hot-shots ~3 s: three of ours per round sample the machine's spells alike. */
const OURS_PER_ROUND = 3;
/** The issues' targets: counters 20×, StatsD timings 5×, DogStatsD distributions 10×. */
const TARGETS = { counter: 20, timing: 5, distribution: 10 };

/** Either transport, constructed with its socket options. */
export type BackendClass = new (options: {
  protocol: "udp" | "uds";
  onError: () => void;
  [option: string]: unknown;
}) => MetricsBackend;

/** One dialect per process (suites `statsd`, `dogstatsd`): an application has one backend. */
async function runDialect(dialect: Dialect): Promise<SuiteReport> {
  // Imported here, so the other dialect's package is not loaded in this process.
  const Backend: BackendClass =
    dialect === "statsd"
      ? (await import("@metrics/statsd")).StatsdBackend
      : (await import("@metrics/dogstatsd")).DogStatsdBackend;
  const name = dialect === "statsd" ? "StatsD" : "DogStatsD";
  const sink = await startSink(dialect);
  const found = new Findings();
  for (const protocol of ["udp", "uds"] as const) {
    const { port, path } = sink.address;
    const socket = protocol === "udp" ? { host: "127.0.0.1", port } : { path };
    for (const kind of ["counter", dialect === "statsd" ? "timing" : "distribution"] as const) {
      /** One run of a client: every count or value it sent must reach the sink. */
      const run = (calls: CallRange, closeClient: () => Promise<void>) =>
        measure(calls, CALLS, async () => {
          await closeClient();
          const got = (await sink.ask<Settled>("settle"))[protocol];
          const sum = kind === "counter" || Math.abs(got.valueSum - VALUE_SUM) <= VALUE_SUM * 1e-9;
          const delivered = Math.round(kind === "counter" ? got.counts : got.values);
          return { delivered, intact: sum && !got.malformed, datagrams: got.datagrams };
        });
      const ours = async () => {
        await sink.ask("reset");
        configure({ backend: new Backend({ protocol, ...socket, onError: () => {} }) });
        return run(FACADE_CALLS[kind], close);
      };
      // Its aggregation (counts, gauges, sets) is hot-shots' fastest counter configuration.
      const aggregation =
        kind === "counter" ? { flushInterval: 2000, maxContexts: 5000 } : undefined;
      const peer = async () => {
        await sink.ask("reset");
        const client = hotShots(socket, aggregation);
        return run(client.calls[kind], client.close);
      };
      const runs = await sideBySide(ours, peer, { oursPerRound: OURS_PER_ROUND });
      const label = `${name} ${kind === "counter" ? "counters" : `${kind}s`}, ${protocol.toUpperCase()}`;
      found.throughput(label, runs, "hot-shots", TARGETS[kind], CALLS);
    }
  }
  const live = dialect === "dogstatsd" ? await liveContexts(sink, Backend, found.summary) : [];
  sink.stop();
  return found.report(
    `${name}: \`@metrics/${dialect}\` vs hot-shots`,
    "workload (1,000,000 calls, 100 contexts, 2 tags) | @metrics through the facade (fastest) | hot-shots 17 (fastest) | × hot-shots",
    "hot-shots: `maxBufferSize` 1432 (UDP) or 8192 (UDS), Datadog behaviours off, `aggregation: true` for counters (its fastest configuration; it does not touch timings and distributions). Ours: defaults, `configure({ backend })`, then `incr(key, { tags })` / `timing(key, seconds, …)` / `distribution(…)`, then `close()`. Each client has its own calling loop, in chunks of 10,000 calls with an event-loop turn between them; calls/s is over that phase. " +
      `3 interleaved rounds, ours ${OURS_PER_ROUND} times and hot-shots once per round; delivery is checked in every run (counts, value counts and sums, every line through the dialect's strict parser). The sink (\`@metrics/test-peers\` UDP and Unix datagram sinks) runs in another process; the Unix socket's queue is \`net.unix.max_dgram_qlen\` datagrams.`,
    ...live,
  );
}

export const statsd = { run: () => runDialect("statsd") };
export const dogstatsd = { run: () => runDialect("dogstatsd") };
