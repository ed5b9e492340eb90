/**
 * What `@metrics/runtime` sent about the demo's own process (`startRuntimeMetrics()` every
 * second, `instrumentHttp()` per request), read back from what the peer received.
 */
import type { Received } from "./received.js";
import { PREFIX } from "./report.js";

export interface RuntimeReport {
  /** The last event-loop delay p99 received, in ms (the runtime sends seconds). */
  loopP99Ms: number | undefined;
  heapUsedBytes: number | undefined;
  rssBytes: number | undefined;
  /** GC pauses received, and their total in ms. */
  gcPauses: number;
  gcTotalMs: number;
  /** Requests served that `instrumentHttp()` timed (the service's, and an in-process peer's). */
  serverTimed: number;
}

/** The last value of the gauge `name`, whatever its tags. */
function lastGauge(received: Received, name: string): number | undefined {
  return received.gauges.named(name).at(-1)?.value.at(-1);
}

/** How many values of a timing or distribution arrived, one by one or as histograms, and their sum. */
function countAndSum(received: Received, name: string): { count: number; sum: number } {
  let count = 0;
  let sum = 0;
  for (const { value } of received.timings.named(name)) {
    count += value.length;
    for (const v of value) sum += v;
  }
  for (const { value } of received.aggregates.named(name)) {
    count += value.count;
    sum += value.sum;
  }
  return { count, sum };
}

/**
 * The runtime rows' numbers (names as @metrics/runtime's default OpenTelemetry convention has them).
 *
 * @example
 * buildRuntimeReport(peer.received).rssBytes; // 98_566_144
 */
export function buildRuntimeReport(received: Received): RuntimeReport {
  const name = (metric: string) => `${PREFIX}.${metric}`;
  const p99 = lastGauge(received, name("nodejs.eventloop.delay.p99"));
  // Distributions are sent as given (seconds) by every transport, timings too by some.
  const gc = countAndSum(received, name("v8js.gc.duration"));
  const server = countAndSum(received, name("http.server.request.duration"));
  return {
    loopP99Ms: p99 === undefined ? undefined : p99 * 1000,
    heapUsedBytes: lastGauge(received, name("nodejs.memory.heap.used")),
    rssBytes: lastGauge(received, name("process.memory.usage")),
    gcPauses: gc.count,
    gcTotalMs: gc.sum * 1000,
    serverTimed: server.count,
  };
}
