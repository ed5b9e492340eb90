/** The report as a compact text table. */
import { routes, unmatched } from "../app/routes.js";
import type { Report } from "../report.js";

const LABELS = new Map(
  [...routes, unmatched].map((route) => [route.id, `${route.method.padEnd(4)} ${route.pattern}`]),
);
const ORDER = [...routes, unmatched].map((route) => route.id);

function ms(value: number | undefined): string {
  return value === undefined ? "–" : value.toFixed(1);
}

export function renderTable(report: Report): string[] {
  const rows = [...report.rows].sort((a, b) => ORDER.indexOf(a.route) - ORDER.indexOf(b.route));
  const head = [
    "route".padEnd(20),
    ...report.statuses.map((status) => status.padStart(5)),
    "total".padStart(6),
    "p50 ms".padStart(9),
    "p90 ms".padStart(9),
    "max ms".padStart(9),
  ];
  const lines = [head.join(" ")];
  for (const row of rows) {
    lines.push(
      [
        (LABELS.get(row.route) ?? row.route).padEnd(20),
        ...report.statuses.map((status) => String(row.byStatus[status] ?? "·").padStart(5)),
        String(row.total).padStart(6),
        ms(row.p50).padStart(9),
        ms(row.p90).padStart(9),
        ms(row.max).padStart(9),
      ].join(" "),
    );
  }
  const users =
    report.users !== undefined
      ? `unique users (set): ${report.users}`
      : report.usersPerWindow !== undefined
        ? `unique users (set, largest window): ${report.usersPerWindow}`
        : "unique users (set): –";
  lines.push(
    `requests counted: ${report.requests} · latencies: ${report.latencies} · in flight (gauge): ${report.inFlight ?? "–"} · ${users}`,
  );
  return lines;
}
