import type { MetricsError } from "./errors.js";

const INTERVAL_MS = 10_000;
/** Bound on the problems remembered; past it the memory starts afresh. */
const MAX_PROBLEMS = 256;
/** When each problem (`code` and `key`) last had a line. */
const lastWritten = new Map<string, number>();

/**
 * The default `onError`: one line on stderr per error, at most one per problem (the error's code
 * and key) every 10 seconds, so a broken backend on a hot path cannot flood the logs while a
 * different problem still shows at once. A report that counts lost metrics (`dropped`) is always
 * written: transports send those once per window, and a count hidden would be data lost
 * silently. Set `onError` to see every error.
 *
 * @example
 * configure({ onError: stderrErrorHandler }); // back to the default after a custom handler
 */
export function stderrErrorHandler(error: MetricsError): void {
  const now = Date.now();
  const problem = error.code + error.key;
  // A problem not seen before has no time: `now - undefined` is NaN, which is never < the interval.
  const last = lastWritten.get(problem) as number;
  if (error.dropped === undefined && now - last < INTERVAL_MS) return;
  if (lastWritten.size > MAX_PROBLEMS) lastWritten.clear();
  lastWritten.set(problem, now);
  process.stderr.write(`[@metrics] ${error.code}: ${error.message}\n`);
}
