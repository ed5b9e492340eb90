import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "./errors.js";
import { state } from "./global-state.js";

/** Bound on remembered `code:key` pairs; past it the memory starts afresh. */
const MAX_REMEMBERED = 1024;

/**
 * Hands an error to the application's `onError`. Transports use it as their default handler.
 * A handler that throws is ignored: reporting must never break the caller.
 */
export function reportError(error: MetricsError): void {
  callSafely(state.onError, error);
}

/**
 * Calls an error handler; one that throws is ignored, as there is nowhere left to report to.
 * Every transport calls its `onError` through this, so none writes its own try/catch.
 *
 * @example
 * ```ts
 * callSafely(options.onError ?? reportError, new MetricsError("dropped", "queue full", { dropped: 3 }));
 * ```
 */
export function callSafely(handler: ErrorHandler, error: MetricsError): void {
  try {
    handler(error);
  } catch {}
}

/**
 * Reports a problem with `key` the first time it is seen, so a hot path cannot flood `onError`.
 * The message reads `"<key>": <problem>; not sent` (or `; dropped` for a single tag).
 */
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
  const outcome = code === "invalid_tag" ? "dropped the tag" : "not sent";
  reportError(new MetricsError(code, `"${key}": ${message}; ${outcome}`, { key, cause }));
}

/** Text for any value, for messages: `String(value)` can throw (objects without a prototype). */
export function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** Reports a facade function that was given something other than a function to run. */
export function reportNotAFunction(caller: string, key: unknown, given: unknown): void {
  reportOnce("invalid_value", textOf(key), `${caller}() got a ${typeof given}, not a function`);
}
