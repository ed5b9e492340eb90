/** The report as a text table of at most 80 columns (five status columns fit). */
import { routes, unmatched } from "../app/routes.js";
import type { Report } from "../report.js";
import type { RuntimeReport } from "../runtime-report.js";

const LABELS = new Map(
  [...routes, unmatched].map((route) => [route.id, `${route.method.padEnd(4)} ${route.pattern}`]),
);
const ORDER = [...routes, unmatched].map((route) => route.id);

function ms(value: number | undefined): string {
  return value === undefined ? "–" : value.toFixed(1);
}

function perSecond(value: number | undefined): string {
  return value === undefined ? "–" : value.toFixed(0);
}

/** Requests per second by route id; `answered` for the whole service. */
export type Rates = Record<string, number>;

/**
 * The table's lines: a header, a row per route, the totals and the failures.
 *
 * @example
 * console.log(renderTable(buildReport(peer.received), { health: 12 }).join("\n"));
 */
export function renderTable(report: Report, rates: Rates): string[] {
  const rows = [...report.rows].sort((a, b) => ORDER.indexOf(a.route) - ORDER.indexOf(b.route));
  const head = [
    "route".padEnd(15),
    ...report.statuses.map((status) => status.padStart(4)),
    "total".padStart(6),
    "/s".padStart(4),
    "p50 ms".padStart(7),
    "p90 ms".padStart(7),
    "max ms".padStart(7),
  ];
  const lines = [head.join(" ")];
  for (const row of rows) {
    lines.push(
      [
        (LABELS.get(row.route) ?? row.route).padEnd(15),
        ...report.statuses.map((status) => String(row.byStatus[status] ?? "·").padStart(4)),
        String(row.total).padStart(6),
        perSecond(rates[row.route]).padStart(4),
        ms(row.p50).padStart(7),
        ms(row.p90).padStart(7),
        ms(row.max).padStart(7),
      ].join(" "),
    );
  }
  const users =
    report.users !== undefined
      ? `unique users ${report.users}`
      : report.usersPerWindow !== undefined
        ? `unique users ${report.usersPerWindow} (largest window)`
        : "unique users –";
  lines.push(
    `counted ${report.requests} · latencies ${report.latencies} · in flight ${report.inFlight ?? "–"} · ${users}`,
  );
  lines.push(failures(report));
  if (report.runtime !== undefined) lines.push(...runtimeLines(report.runtime));
  return lines;
}

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? "–" : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Two lines of what @metrics/runtime sent about the process (always two, so the view keeps its height). */
function runtimeLines(runtime: RuntimeReport): string[] {
  const p99 = runtime.loopP99Ms === undefined ? "–" : `${runtime.loopP99Ms.toFixed(1)} ms`;
  return [
    `runtime: event loop p99 ${p99} · heap used ${megabytes(runtime.heapUsedBytes)} · RSS ${megabytes(runtime.rssBytes)}`,
    `runtime: GC pauses ${runtime.gcPauses} (${runtime.gcTotalMs.toFixed(1)} ms in all) · requests served, timed ${runtime.serverTimed}`,
  ];
}

/** The failures the service produced, as the metrics show them. */
function failures(report: Report): string {
  const errors = report.rows.flatMap((row) =>
    Object.entries(row.byStatus)
      .filter(([status]) => status.startsWith("5"))
      .map(([status, count]) => `${count} × ${status} ${LABELS.get(row.route) ?? row.route}`),
  );
  const queries = `${report.failedQueries} db.query result:failure`;
  return `failures: ${errors.length === 0 ? "no 5xx" : errors.join(", ")} · ${queries}`;
}
