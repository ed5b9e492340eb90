/**
 * The width every line of the demo fits in: a classic terminal, or a narrower one.
 *
 * @example
 * screenWidth(process.stdout); // 80 on a wide terminal or a pipe
 */
export function screenWidth(stream: NodeJS.WriteStream): number {
  return Math.min(80, stream.columns || 80);
}

/**
 * `line` cut to `width` characters, with `…` where it was cut.
 *
 * @example
 * fit("statsd: 7 counters, 128 timings", 20); // "statsd: 7 counters,…"
 */
export function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
