import type { MetricsBackend, TagInput } from "../backend.js";
import type { ErrorHandler } from "../errors.js";
import { MetricsError } from "../errors.js";
import { isSampleRate } from "../pipeline/emit.js";
import { frozenTags, mergeTags } from "../pipeline/tags.js";
import { describeValue, reportError, textOf } from "../report.js";
import { noopBackend, state } from "../slot/global-state.js";

/** What `configure` sets; anything left out keeps its current value. */
export interface ConfigureOptions {
  /** Where metrics go. Default: the no-op backend. The previous backend is not closed. */
  backend?: MetricsBackend;
  /** Prepended to every key: `myapp` and `myapp.` both give `myapp.<key>`. */
  prefix?: string;
  /** Process-wide sampling in (0, 1], multiplied with each call's own rate. Default 1. */
  sampleRate?: number;
  /** Replaces the process-wide tags (see also `addGlobalTags`). */
  globalTags?: TagInput;
  /** Receives every dropped metric and transport failure. Default: a rate-limited stderr line. */
  onError?: ErrorHandler;
}

/** A configuration mistake: thrown at once, naming the option and what was given. */
function mistake(message: string, cause?: unknown): MetricsError {
  return new MetricsError("invalid_option", `configure(): ${message}`, { cause });
}

function check(valid: boolean, option: string, expected: string, given: unknown): void {
  if (!valid) throw mistake(`${option} must be ${expected}, got ${describeValue(given)}`);
}

/** The options, each checked; throws a mistake naming the first wrong one and what was given. */
function checked(options: unknown): ConfigureOptions {
  check(
    typeof options === "object" && options !== null,
    "options",
    "an object such as { backend }",
    options,
  );
  const { backend, prefix, sampleRate, globalTags, onError } = options as ConfigureOptions;
  // The no-op backend has exactly the methods of the interface.
  const methods = Object.keys(noopBackend);
  const missing = methods.filter(
    (method) => typeof (backend as Record<string, unknown> | undefined)?.[method] !== "function",
  );
  if (backend !== undefined && missing.length > 0) {
    const given = missing.length === methods.length ? describeValue(backend) : "the backend";
    throw mistake(`backend must implement MetricsBackend; ${given} lacks ${missing.join(", ")}`);
  }
  check(prefix === undefined || typeof prefix === "string", "prefix", "a string", prefix);
  check(isSampleRate(sampleRate), "sampleRate", "a number in (0, 1]", sampleRate);
  const tagsOk =
    globalTags === undefined || (typeof globalTags === "object" && globalTags !== null);
  check(tagsOk, "globalTags", "an object", globalTags);
  check(onError === undefined || typeof onError === "function", "onError", "a function", onError);
  return { backend, prefix, sampleRate, globalTags, onError };
}

/**
 * Configures the process-wide metrics. Called by the application (never a library), at startup
 * or again to swap backends. Invalid options throw a `MetricsError` (code `invalid_option`) here,
 * early, naming the option and what was given, rather than failing on the hot path.
 *
 * @example
 * ```ts
 * configure({ backend: new StatsdBackend(), prefix: "myapp", globalTags: { region: "eu" } });
 * ```
 */
export function configure(options: ConfigureOptions): void {
  let read: ConfigureOptions;
  let tags: Record<string, string> | undefined;
  try {
    read = checked(options);
    tags = read.globalTags && mergeTags(undefined, read.globalTags, "configure");
    if (read.globalTags !== undefined && tags === undefined) {
      throw mistake("globalTags could not be read (a getter or Proxy trap threw)");
    }
  } catch (error) {
    // A getter or Proxy trap in the options: a mistake of its own, never a bare TypeError.
    if (error instanceof MetricsError) throw error;
    throw mistake(`reading the options threw ${textOf(error)}`, error);
  }
  const { backend, prefix, sampleRate, onError } = read;
  if (onError !== undefined) state.onError = onError;
  if (backend !== undefined) state.backend = backend;
  if (prefix !== undefined)
    state.prefix = prefix === "" || prefix.endsWith(".") ? prefix : `${prefix}.`;
  if (sampleRate !== undefined) state.sampleRate = sampleRate;
  if (tags !== undefined) state.globalTags = frozenTags(tags);
  state.reported.clear();
}

/**
 * The backend in use now: the no-op one until `configure` sets another.
 *
 * @example
 * ```ts
 * if (getBackend() === noopBackend) configure({ backend: new LoggingBackend() });
 * ```
 */
export function getBackend(): MetricsBackend {
  return state.backend;
}

/**
 * Runs the backend's `flush` or `close`, reporting a failure instead of rejecting. Resolves to
 * nothing: resolving to the backend would read its `then`, which a broken backend may throw.
 */
async function settle(backend: MetricsBackend, method: "flush" | "close"): Promise<void> {
  try {
    await backend[method]();
  } catch (error) {
    reportError(
      new MetricsError("transport_error", `${method} failed: ${textOf(error)}`, { cause: error }),
    );
  }
}

/**
 * Sends what the backend holds. Never rejects: failures go to `onError`.
 *
 * @example
 * ```ts
 * export const handler = async (event) => {
 *   try { return await handle(event); } finally { await flush(); }
 * };
 * ```
 */
export async function flush(): Promise<void> {
  await settle(state.backend, "flush");
}

/**
 * Flushes and closes the backend, then leaves the no-op backend in place. Never rejects.
 *
 * @example
 * ```ts
 * process.on("SIGTERM", () => void close().then(() => process.exit(0)));
 * ```
 */
export async function close(): Promise<void> {
  const backend = state.backend;
  await settle(backend, "close");
  // Another backend may have been configured while this one was closing; keep that one.
  if (state.backend === backend) state.backend = noopBackend;
}
