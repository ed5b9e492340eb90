import type { Suite, SuiteReport } from "../harness/suite.js";
import { loadTransport } from "../harness/transports.js";
import { Sink } from "../sink/sink-client.js";
import { directClient } from "../wire/direct-client.js";
import { facadeClient } from "../wire/facade-client.js";
import { hotShotsClient, type WorkloadKind } from "../wire/hot-shots-client.js";
import { measureRows, type RowPlan } from "../wire/measure-rows.js";
import { type WireRow, wireTable, wireVerdicts } from "../wire/wire-table.js";
import { type Expected, expectedCounters, expectedValues } from "../wire/workloads.js";

const CALLS = 1_000_000;

/** One of our rows: the transport's options, and whether the facade is bypassed. */
interface Variant {
  name: string;
  maxSamplesPerContext?: number;
  direct?: boolean;
}
const ROUNDS = 5;

interface StatsdOptions {
  host: string;
  port: number;
  protocol: "udp";
  maxPacketSize: number;
  maxSamplesPerContext?: number;
  onError: () => void;
}

async function compare(sink: Sink, kind: WorkloadKind, expected: Expected): Promise<WireRow[]> {
  const port = sink.address.udpPort;
  const plans: RowPlan[] = [false, true].map((aggregation) => ({
    label: `hot-shots 17, maxBufferSize 1432${aggregation ? ", aggregation: true" : ""}`,
    peer: true,
    create: () => hotShotsClient(kind, { protocol: "udp", port, aggregation }),
    // hot-shots' aggregation does not touch timings: one round documents that.
    ...(aggregation && kind !== "counter" ? { rounds: 1 } : {}),
  }));
  const statsd = await loadTransport<StatsdOptions>("@metrics/statsd", "StatsdBackend");
  const variants: Variant[] = [{ name: "defaults" }];
  // Exact by default (full contexts are sent early); a second row opts in to sampling, where a
  // reservoir keeps 1,000 values per context and a sample rate carries the rest.
  if (kind !== "counter")
    variants.push({ name: "maxSamplesPerContext: 1,000", maxSamplesPerContext: 1_000 });
  // The transport alone, without the facade in front: where the time goes.
  variants.push({ name: "defaults, backend called directly, no facade", direct: true });
  for (const { name, maxSamplesPerContext, direct } of variants) {
    const makeBackend = (onError: () => void) =>
      statsd.ok
        ? new statsd.Backend({
            host: "127.0.0.1",
            port,
            protocol: "udp",
            maxPacketSize: 1432,
            ...(maxSamplesPerContext ? { maxSamplesPerContext } : {}),
            onError,
          })
        : undefined;
    plans.push({
      label: `@metrics/statsd (${name}, UDP)`,
      peer: false,
      informative: direct,
      delivery: maxSamplesPerContext === undefined ? "exact" : "sampled",
      create: statsd.ok
        ? () => (direct ? directClient : facadeClient)(kind, (onError) => makeBackend(onError)!)
        : { unavailable: statsd.reason },
    });
  }
  return measureRows(sink, "udp", plans, CALLS, expected, ROUNDS);
}

export const statsdSuite: Suite = {
  name: "statsd",
  description: "@metrics/statsd vs hot-shots 17 on a loopback UDP sink in another process",
  async run(): Promise<SuiteReport> {
    const sink = await Sink.start();
    try {
      const counters = await compare(sink, "counter", expectedCounters(CALLS));
      const timings = await compare(sink, "timing", expectedValues(CALLS));
      return {
        title: "StatsD: `@metrics/statsd` vs hot-shots",
        markdown: [
          `#### Counters, 2 tags, 100 contexts, ${CALLS.toLocaleString("en-US")} calls`,
          "",
          wireTable(counters),
          "",
          ...wireVerdicts(counters, "counters", 20),
          "",
          `#### Timings (ms on the wire), 2 tags, 100 contexts, ${CALLS.toLocaleString("en-US")} calls`,
          "",
          wireTable(timings),
          "",
          ...wireVerdicts(timings, "timings", 5),
          "",
          "hot-shots' `aggregation` (new in 17) covers counts, gauges and sets only; timings bypass it. " +
            `Sink UDP receive buffer: ${(sink.address.udpRecvBuffer / 2 ** 20).toFixed(1)} MiB.`,
        ].join("\n"),
      };
    } finally {
      await sink.stop();
    }
  },
};
