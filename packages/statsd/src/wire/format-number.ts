/**
 * A sample rate as StatsD servers parse it. Etsy StatsD reads the rate with `/^@([\d.]+)/`, so
 * exponent notation (`1e-7`, which `String` produces below 1e-6) would be read as 1.
 */
export function formatSampleRate(rate: number): string {
  const text = String(rate);
  if (!text.includes("e")) return text;
  return rate.toFixed(20).replace(/0+$/, "");
}
