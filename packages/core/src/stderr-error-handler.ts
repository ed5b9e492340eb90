import type { MetricsError } from "./errors.js";

const INTERVAL_MS = 10_000;
let lastWrite = 0;

/**
 * The default `onError`: at most one line on stderr per 10 seconds, so a broken backend on a hot
 * path cannot flood the logs. Set `onError` to see every error.
 */
export function stderrErrorHandler(error: MetricsError): void {
  const now = Date.now();
  if (now - lastWrite < INTERVAL_MS) return;
  lastWrite = now;
  process.stderr.write(`[@metrics] ${error.code}: ${error.message}\n`);
}
