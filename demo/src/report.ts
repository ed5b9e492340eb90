/** Turns what the peer received into the demo's numbers, and compares them with what was sent. */
import { type Buckets, histogramQuantile, mergeBuckets } from "./histogram-quantile.js";
import type { Received } from "./received.js";
import { buildRuntimeReport, type RuntimeReport } from "./runtime-report.js";
import type { Sent } from "./traffic.js";

export const PREFIX = "demo";
const REQUESTS = `${PREFIX}.http.requests`;
const LATENCY = `${PREFIX}.http.latency`;
const IN_FLIGHT = `${PREFIX}.http.in_flight`;
const USERS = `${PREFIX}.users.active`;
const DB_QUERY = `${PREFIX}.db.query`;

export interface RouteRow {
  route: string;
  byStatus: Record<string, number>;
  total: number;
  /**
   * Latency in ms over every value received for the route; undefined before any arrived. From a
   * histogram (Prometheus, OpenTelemetry): p50 and p90 estimated from its buckets, no max.
   */
  p50?: number;
  p90?: number;
  max?: number;
}

export interface Report {
  rows: RouteRow[];
  statuses: string[];
  requests: number;
  latencies: number;
  inFlight: number | undefined;
  /** Unique users, when the members themselves arrived (StatsD, DogStatsD, logging). */
  users: number | undefined;
  /** Datadog's API receives a set as a gauge of unique members per window: the largest one. */
  usersPerWindow: number | undefined;
  /** Database queries timed with the tag `result:failure` (the pretend deadlocks). */
  failedQueries: number;
  /** What @metrics/runtime sent about the process, as the peer received it. */
  runtime?: RuntimeReport;
}

/** The nearest-rank percentile, as StatsD computes `upper_90`. */
function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The demo's numbers from what the peer received: rows by route, totals, failures, runtime.
 *
 * @example
 * buildReport(peer.received).requests; // 60
 */
export function buildReport(received: Received): Report {
  const rows = new Map<string, RouteRow>();
  const row = (route: string) => {
    const existing = rows.get(route) ?? { route, byStatus: {}, total: 0 };
    rows.set(route, existing);
    return existing;
  };
  const statuses = new Set<string>();
  let requests = 0;
  for (const { tags, value } of received.counters.named(REQUESTS)) {
    const status = tags.status ?? "?";
    const target = row(tags.route ?? "?");
    target.byStatus[status] = (target.byStatus[status] ?? 0) + value;
    target.total += value;
    requests += value;
    statuses.add(status);
  }

  const latencies = new Map<string, number[]>();
  const toMs = received.timingUnit === "s" ? 1000 : 1;
  for (const { tags, value } of received.timings.named(LATENCY)) {
    const route = tags.route ?? "?";
    latencies.set(route, [...(latencies.get(route) ?? []), ...value.map((v) => v * toMs)]);
  }
  // A histogram (Prometheus, OpenTelemetry) has counts and buckets but no values: percentiles
  // are estimated from its buckets as Prometheus's histogram_quantile() does, and no max.
  let latencyCount = 0;
  const histograms = new Map<string, Buckets[]>();
  for (const { tags, value } of received.aggregates.named(LATENCY)) {
    const route = tags.route ?? "?";
    histograms.set(route, [...(histograms.get(route) ?? []), value.buckets]);
    latencyCount += value.count;
  }
  for (const [route, all] of histograms) {
    const buckets = mergeBuckets(all);
    const target = row(route);
    const inMs = (q: number) => {
      const estimate = histogramQuantile(q, buckets);
      return estimate === undefined ? undefined : estimate * toMs;
    };
    target.p50 = inMs(0.5);
    target.p90 = inMs(0.9);
  }
  for (const [route, values] of latencies) {
    values.sort((a, b) => a - b);
    const target = row(route);
    target.p50 = percentile(values, 50);
    target.p90 = percentile(values, 90);
    target.max = values.at(-1);
    latencyCount += values.length;
  }

  let failedQueries = 0;
  for (const { tags, value } of received.timings.named(DB_QUERY)) {
    if (tags.result === "failure") failedQueries += value.length;
  }
  for (const { tags, value } of received.aggregates.named(DB_QUERY)) {
    if (tags.result === "failure") failedQueries += value.count;
  }

  const members = received.members.named(USERS);
  const setGauges = received.gauges.named(USERS).flatMap(({ value }) => value);
  return {
    rows: [...rows.values()],
    statuses: [...statuses].sort(),
    requests,
    latencies: latencyCount,
    inFlight: received.gauges.named(IN_FLIGHT)[0]?.value.at(-1),
    users:
      members.length === 0 ? undefined : new Set(members.flatMap(({ value }) => [...value])).size,
    usersPerWindow: setGauges.length === 0 ? undefined : Math.max(...setGauges),
    failedQueries,
    runtime: buildRuntimeReport(received),
  };
}

/**
 * The final machine-readable line: what was sent against what arrived.
 *
 * @example
 * summarize("statsd", 3.2, sent, buildReport(peer.received)).match; // true
 */
export function summarize(backend: string, seconds: number, sent: Sent, report: Report) {
  const receivedByRoute = Object.fromEntries(
    report.rows.filter((row) => row.total > 0).map((row) => [row.route, row.byStatus]),
  );
  const usersMatch =
    report.users === undefined
      ? report.usersPerWindow !== undefined && report.usersPerWindow <= sent.users.size
      : report.users === sent.users.size;
  const match =
    report.requests === sent.requests &&
    report.latencies === sent.requests &&
    report.inFlight === 0 &&
    usersMatch &&
    sameCounts(sent.byRoute, receivedByRoute);
  return {
    backend,
    seconds: Math.round(seconds * 10) / 10,
    sent: {
      requests: sent.requests,
      latencies: sent.requests,
      users: sent.users.size,
      byRoute: sent.byRoute,
    },
    received: {
      requests: report.requests,
      latencies: report.latencies,
      users: report.users ?? null,
      usersPerWindow: report.usersPerWindow ?? null,
      inFlight: report.inFlight ?? null,
      byRoute: receivedByRoute,
      runtime: report.runtime ?? null,
    },
    match,
  };
}

function sameCounts(
  a: Record<string, Record<string, number>>,
  b: Record<string, Record<string, number>>,
): boolean {
  const flatten = (counts: Record<string, Record<string, number>>) =>
    Object.entries(counts)
      .flatMap(([route, statuses]) =>
        Object.entries(statuses).map(([s, n]) => `${route} ${s} ${n}`),
      )
      .sort()
      .join("\n");
  return flatten(a) === flatten(b);
}
