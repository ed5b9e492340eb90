/** A Markdown table: a header row and rows of already formatted cells. */
export interface Table {
  headers: string[];
  rows: string[][];
  /** Columns aligned right (numbers). Default: every column but the first. */
  alignRight?: boolean[];
}

/** Renders a table as GitHub Markdown, padded so it also reads well in a terminal. */
export function renderTable(table: Table): string {
  const { headers, rows } = table;
  const right = table.alignRight ?? headers.map((_, i) => i > 0);
  const widths = headers.map((header, i) =>
    Math.max(3, header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const pad = (cell: string, i: number) =>
    right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
  const line = (cells: string[]) => `| ${cells.map((cell, i) => pad(cell, i)).join(" | ")} |`;
  const rule = `|${widths.map((width, i) => (right[i] ? `${"-".repeat(width + 1)}:` : `${"-".repeat(width + 2)}`)).join("|")}|`;
  return [
    line(headers),
    rule,
    ...rows.map((row) => line(headers.map((_, i) => row[i] ?? ""))),
  ].join("\n");
}

/** `1234567.8` → `1,234,568`; small numbers keep `digits` significant decimals. */
export function formatNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  const fraction = abs >= 100 ? 0 : abs >= 10 ? Math.min(digits, 1) : digits;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  });
}

/** Nanoseconds per operation, with one decimal below 100 ns. */
export function formatNs(ns: number): string {
  return formatNumber(ns, ns < 10 ? 2 : 1);
}

/** `ratio` as `12.3×`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "n/a";
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** Bytes as B, kB or MB (powers of 1000, as in network counters). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  const abs = Math.abs(bytes);
  if (abs >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (abs >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes.toFixed(0)} B`;
}

/** A target check line: `PASS` or `FAIL`, what was required, what was measured. */
export function verdict(pass: boolean, target: string, measured: string): string {
  return `- **${pass ? "PASS" : "FAIL"}** ${target}: ${measured}`;
}
