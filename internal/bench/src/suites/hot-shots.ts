// hot-shots 17, the wire suites' peer: its client and its side of their workload.
import { StatsD } from "hot-shots";
import { type CallRange, KEYS, type Kind, msOf, TAGS } from "../harness.js";

/**
 * A client to the sink's UDP port or Unix socket, buffered into datagrams as large as ours, every
 * Datadog behaviour off so both sides send the same lines; `calls`: its side of the workload.
 */
export function hotShots(
  socket: { host: string; port: number } | { path: string },
  aggregation?: { flushInterval: number; maxContexts: number },
) {
  const client = new StatsD({
    ...("path" in socket ? { protocol: "uds", maxBufferSize: 8192 } : { maxBufferSize: 1432 }),
    ...socket,
    datadog: false,
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
    ...(aggregation ? { aggregation } : {}),
    errorHandler: () => {},
  });
  const calls: Record<Kind, CallRange> = {
    counter: (from, to) => {
      for (let i = from; i < to; i++) client.increment(KEYS[i % 100]!, 1, TAGS[i % 100]);
    },
    timing: (from, to) => {
      for (let i = from; i < to; i++) client.timing(KEYS[i % 100]!, msOf(i), TAGS[i % 100]);
    },
    distribution: (from, to) => {
      for (let i = from; i < to; i++) client.distribution(KEYS[i % 100]!, msOf(i), TAGS[i % 100]);
    },
  };
  return {
    client,
    calls,
    flush: () => new Promise<void>((resolve) => client.flush(() => resolve())),
    close: () => new Promise<void>((resolve) => client.close(() => resolve())),
  };
}
