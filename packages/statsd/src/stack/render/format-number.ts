/**
 * A sample rate as StatsD servers parse it. Etsy StatsD reads the rate with `/^@([\d.]+)/`, so
 * exponent notation (`1e-7`, which `String` produces below 1e-6) would be read as 1; the Agent
 * reads both. One format for every flavour.
 *
 * @example
 * ```ts
 * formatSampleRate(1e-7); // "0.0000001"
 * ```
 */
export function formatSampleRate(rate: number): string {
  const text = String(rate);
  if (!text.includes("e")) return text;
  return rate.toFixed(20).replace(/0+$/, "");
}

/**
 * The `|@rate` field, empty at rate 1.
 *
 * @example
 * ```ts
 * rateSuffix(0.5); // "|@0.5"
 * ```
 */
export function rateSuffix(sampleRate: number): string {
  return sampleRate >= 1 ? "" : `|@${formatSampleRate(sampleRate)}`;
}
