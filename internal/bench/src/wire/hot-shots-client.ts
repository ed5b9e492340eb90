import { StatsD } from "hot-shots";
import type { CallRange } from "../harness/timed-calls.js";
import type { ClientUnderTest } from "./measure-client.js";
import { CONTEXT_KEYS, CONTEXT_TAGS, CONTEXTS, millisecondsOf } from "./workloads.js";

export type WorkloadKind = "counter" | "timing" | "distribution";

export interface HotShotsSetup {
  protocol: "udp" | "uds";
  port: number;
  path?: string;
  /** hot-shots 17's client-side aggregation (counts, gauges, sets only). */
  aggregation: boolean;
}

/**
 * hot-shots 17 as the peer: buffered into 1432-byte datagrams, every Datadog behaviour off so it
 * sends the same line shapes as our transports (no origin detection, telemetry or env tags).
 */
export function hotShotsClient(kind: WorkloadKind, setup: HotShotsSetup): ClientUnderTest {
  let errors = 0;
  const client = new StatsD({
    protocol: setup.protocol,
    ...(setup.protocol === "uds" ? { path: setup.path } : { host: "127.0.0.1", port: setup.port }),
    maxBufferSize: setup.protocol === "uds" ? 8192 : 1432,
    datadog: false,
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
    ...(setup.aggregation ? { aggregation: { flushInterval: 2000, maxContexts: 5000 } } : {}),
    errorHandler: () => {
      errors++;
    },
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) {
            const context = i % CONTEXTS;
            client.increment(CONTEXT_KEYS[context]!, 1, CONTEXT_TAGS[context]);
          }
        }
      : kind === "timing"
        ? (from, to) => {
            for (let i = from; i < to; i++) {
              const context = i % CONTEXTS;
              client.timing(CONTEXT_KEYS[context]!, millisecondsOf(i), CONTEXT_TAGS[context]);
            }
          }
        : (from, to) => {
            for (let i = from; i < to; i++) {
              const context = i % CONTEXTS;
              client.distribution(CONTEXT_KEYS[context]!, millisecondsOf(i), CONTEXT_TAGS[context]);
            }
          };
  return {
    callRange,
    close: () =>
      new Promise<void>((resolve) => {
        client.close(() => resolve());
      }),
    errors: () => errors,
  };
}
