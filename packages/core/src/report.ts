import { MetricsError, type MetricsErrorCode } from "./errors.js";
import { state } from "./global-state.js";

/** Bound on remembered `code:key` pairs; past it the memory starts afresh. */
const MAX_REMEMBERED = 1024;

/**
 * Hands an error to the application's `onError`. Transports use it as their default handler.
 * A handler that throws is ignored: reporting must never break the caller.
 */
export function reportError(error: MetricsError): void {
  try {
    state.onError(error);
  } catch {
    // The handler itself failed; there is nowhere left to report to.
  }
}

/** Reports a problem with `key` the first time it is seen, so a hot path cannot flood `onError`. */
export function reportOnce(
  code: MetricsErrorCode,
  key: string,
  message: string,
  cause?: unknown,
): void {
  const id = `${code}:${key}`;
  if (state.reported.has(id)) return;
  if (state.reported.size >= MAX_REMEMBERED) state.reported.clear();
  state.reported.add(id);
  reportError(new MetricsError(code, message, { key, cause }));
}
