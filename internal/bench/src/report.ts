// Markdown tables, number formatting and target lines.

/** A GitHub Markdown table, padded so it also reads in a terminal; columns after the first align right. */
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

/** `1234567.8` → `1,234,568`; below 100 keeps `digits` decimals (one below 10 when `digits` is 1). */
export function formatNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  const fraction = abs >= 100 ? 0 : abs >= 10 ? Math.min(digits, 1) : digits;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  });
}

/** Nanoseconds: two decimals below 10 ns. */
export const formatNs = (ns: number): string => formatNumber(ns, ns < 10 ? 2 : 1);

/** `12.3×`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "n/a";
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** Bytes in powers of 1000 (B, kB, MB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  const abs = Math.abs(bytes);
  if (abs >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return abs >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes.toFixed(0)} B`;
}

/** A target line: **PASS** or **FAIL**, the target, what was measured. */
export function verdict(pass: boolean, target: string, measured: string): string {
  return `- **${pass ? "PASS" : "FAIL"}** ${target}: ${measured}`;
}

/** A suite's findings: table rows, target lines and the one-line ratios of the summary. */
export class Findings {
  readonly rows: string[][] = [];
  readonly lines: string[] = [];
  readonly summary: string[] = [];

  /** A target line, and its summary line when given. */
  check(pass: boolean, target: string, measured: string, summary?: string): void {
    this.lines.push(verdict(pass, target, measured));
    if (summary) this.summary.push(summary);
  }
}
