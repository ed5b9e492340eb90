import type { MetricsError } from "./errors.js";

const INTERVAL_MS = 10_000;
let windowStart = 0;
let suppressed = 0;

/**
 * The default `onError`: at most one line on stderr per 10 seconds, with a count of what was
 * suppressed since, so a broken backend on a hot path cannot flood the logs.
 */
export function stderrErrorHandler(error: MetricsError): void {
  const now = Date.now();
  if (now - windowStart < INTERVAL_MS) {
    suppressed++;
    return;
  }
  const more = suppressed > 0 ? ` (${suppressed} more suppressed)` : "";
  windowStart = now;
  suppressed = 0;
  process.stderr.write(`[@metrics] ${error.code}: ${error.message}${more}\n`);
}
