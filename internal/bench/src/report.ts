// Markdown tables, number formats, and a suite's findings: rows, PASS / FAIL lines, summary.
import type { Run, SuiteReport } from "./harness.js";

/** A GitHub Markdown table, padded to read in a terminal too; columns after the first right. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) =>
    Math.max(3, header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const pad = (cell: string, i: number) =>
    i > 0 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
  const line = (cells: string[]) =>
    `| ${headers.map((_, i) => pad(cells[i] ?? "", i)).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i > 0 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

const threeDigits = new Intl.NumberFormat("en-US", {
  minimumSignificantDigits: 3,
  maximumSignificantDigits: 3,
});

/** Three significant digits, grouped: `0.980`, `41.5`, `1,740`. */
export const formatNumber = (value: number): string =>
  Number.isFinite(value) ? threeDigits.format(value) : "n/a";

/** Exact, grouped: counts that must add up. */
export const formatCount = (count: number): string => Math.round(count).toLocaleString("en-US");

/** `12.3×`. */
export const formatRatio = (ratio: number): string => `${formatNumber(ratio)}×`;

/** Bytes in powers of 1000 (B, kB, MB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  const abs = Math.abs(bytes);
  if (abs >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return abs >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes.toFixed(0)} B`;
}

const fastest = (runs: Run[]) => runs.reduce((a, b) => (b.callsPerSec > a.callsPerSec ? b : a));

/** The fastest run and the worst delivery: `65 ns/call, 1,000 delivered (worst of 9), 4 datagrams`. */
function runsCell(runs: Run[]): string {
  const best = fastest(runs);
  const worst = formatCount(Math.min(...runs.map((run) => run.delivered)));
  const of = runs.length > 1 ? ` (worst of ${runs.length})` : "";
  const datagrams =
    best.datagrams === undefined ? "" : `, ${formatCount(best.datagrams)} datagrams`;
  return `${formatNumber(1e9 / best.callsPerSec)} ns/call, ${worst} delivered${of}${datagrams}`;
}

/** What `within` checks: `subject` ≤ `limit`× `baseline`; in the summary unless `summary: false`. */
type Claim = { subject: string; baseline: string; limit: number; unit?: string; summary?: boolean };

/** A suite's findings: table rows, target lines and the one-line ratios of the summary. */
export class Findings {
  readonly rows: string[][] = [];
  readonly lines: string[] = [];
  readonly summary: string[] = [];

  /** A target line (**PASS** or **FAIL**, the target, what was measured), and its summary line. */
  check(pass: boolean, target: string, measured: string, summary?: string): void {
    this.lines.push(`- **${pass ? "PASS" : "FAIL"}** ${target}: ${measured}`);
    if (summary) this.summary.push(summary);
  }

  /** Fastest run of each side, their ratio ≥ `target`, and every run of ours delivering `expected`. */
  throughput(
    label: string,
    runs: { ours: Run[]; peer: Run[] },
    peer: string,
    target: number,
    expected: number,
  ): void {
    const ratio = fastest(runs.ours).callsPerSec / fastest(runs.peer).callsPerSec;
    const allDelivered = runs.ours.every((run) => run.delivered === expected && run.intact);
    this.rows.push([label, runsCell(runs.ours), runsCell(runs.peer), formatRatio(ratio)]);
    const missing = allDelivered ? "" : " (NOT all delivered)";
    this.check(
      ratio >= target,
      `${label}: ≥ ${target}× the calls/s of ${peer}`,
      formatRatio(ratio),
      `${label}: **${formatRatio(ratio)}** ${peer}${missing}`,
    );
    const worst = formatCount(Math.min(...runs.ours.map((run) => run.delivered)));
    const delivery = `${label}: every count or value delivered intact, every run`;
    this.check(allDelivered, delivery, `worst ${worst} / ${formatCount(expected)}`);
  }

  /** Ours against a baseline (times: lower is better), the target `subject` ≤ `limit`× `baseline`. */
  within(
    row: string,
    [ours, base]: [number, number],
    { subject, baseline, limit, unit = "ns", summary = true }: Claim,
  ): void {
    const ratio = formatRatio(ours / base);
    const values = `${formatNumber(ours)} vs ${formatNumber(base)} ${unit}`;
    this.rows.push([row, formatNumber(ours), formatNumber(base), ratio]);
    const line = summary ? `${subject}: ${ratio} ${baseline} (${values})` : undefined;
    const bound = limit === 1 ? baseline : `${limit}× ${baseline}`;
    this.check(ours <= limit * base, `${subject} ≤ ${bound}`, `${values} (${ratio})`, line);
  }

  /** Ours within 1.2× of the peer's own call where that call is the floor (ours ends in it). */
  nearFloor(row: string, times: [number, number], subject: string, floor: string): void {
    this.within(row, times, { subject, baseline: `${floor} (the floor)`, limit: 1.2 });
  }

  /** The suite's section: its table (`header`: `|`-separated column names), target lines, `notes`. */
  report(title: string, header: string, ...notes: string[]): SuiteReport {
    const table = renderTable(header.split(" | "), this.rows);
    return {
      title,
      markdown: [table, "", ...this.lines, "", ...notes].join("\n"),
      summary: this.summary,
    };
  }
}
