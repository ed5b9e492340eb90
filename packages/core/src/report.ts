import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "./errors.js";
import { state } from "./slot/global-state.js";

/** Bound on remembered `code:key` pairs; past it the memory starts afresh. */
const MAX_REMEMBERED = 1024;
/** Longest quoted string a message shows; longer ones are cut with `…`. */
const MAX_QUOTED = 60;

/**
 * Hands an error to the application's `onError`. Transports use it as their default handler.
 * A handler that throws is ignored: reporting must never break the caller.
 *
 * @example
 * ```ts
 * import { MetricsError, reportError } from "@metrics/core";
 * reportError(new MetricsError("transport_error", "socket closed by the agent"));
 * ```
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
 * The message reads `"<key>": <problem>; not sent` (`dropped the tag` for a single tag); a bad
 * key is not quoted as if it were one.
 */
export function reportOnce(
  code: MetricsErrorCode,
  key: string,
  message: string,
  cause?: unknown,
): void {
  // A huge key (a caller's mistake) is remembered by its start: hashing it whole costs per call.
  const id = `${code}:${key.length > 200 ? key.slice(0, 200) : key}`;
  if (state.reported.has(id)) return;
  if (state.reported.size >= MAX_REMEMBERED) state.reported.clear();
  state.reported.add(id);
  const outcome = code === "invalid_tag" ? "dropped the tag" : "not sent";
  const subject = code === "invalid_key" ? "" : `${quoted(key)}: `;
  reportError(new MetricsError(code, `${subject}${message}; ${outcome}`, { key, cause }));
}

/** Text for any value, for messages: `String(value)` can throw (objects without a prototype). */
export function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function quoted(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/**
 * A value as a message shows what the caller gave: strings quoted (`"3"`, so that `"3" is not
 * a finite number` reads right), numbers as written (`NaN`, `-0`), `5n`, `null`, `undefined`,
 * and "an object", "an array", "a function", "a symbol" for the rest. Never throws.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return quoted(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      return value === null ? "null" : isArray(value) ? "an array" : "an object";
  }
}

/** `Array.isArray`, which throws for a revoked Proxy. */
function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** Reports a facade function that was given something other than a function to run. */
export function reportNotAFunction(caller: string, key: unknown, given: unknown): void {
  reportOnce(
    "invalid_value",
    textOf(key),
    `${caller}() got ${describeValue(given)}, not a function`,
  );
}

/** Reports a call whose options or tags threw while being read (a getter, a Proxy trap). */
export function reportUnreadable(key: unknown, what: string, error: unknown): void {
  reportOnce("invalid_value", textOf(key), `its ${what} threw ${textOf(error)} when read`, error);
}
