import type { MetricsBackend, TagInput } from "./backend.js";
import { isSampleRate } from "./emit.js";
import type { ErrorHandler } from "./errors.js";
import { MetricsError } from "./errors.js";
import { NOOP, state } from "./global-state.js";
import { reportError, textOf } from "./report.js";
import { mergeTags } from "./tags.js";

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

function check(valid: boolean, message: string): void {
  if (!valid) throw new TypeError(`configure: ${message}`);
}

/**
 * Configures the process-wide metrics. Called by the application (never a library), at startup
 * or again to swap backends. Invalid options throw here, early, rather than on the hot path.
 */
export function configure(options: ConfigureOptions): void {
  const { backend, prefix, sampleRate, globalTags, onError } = options;
  if (backend !== undefined) {
    // The no-op backend has exactly the methods of the interface.
    const missing = Object.keys(NOOP).filter(
      (method) =>
        typeof (backend as unknown as Record<string, unknown> | null)?.[method] !== "function",
    );
    check(missing.length === 0, `backend lacks ${missing.join(", ")} of MetricsBackend`);
  }
  check(prefix === undefined || typeof prefix === "string", "prefix must be a string");
  check(isSampleRate(sampleRate), "sampleRate must be in (0, 1]");
  check(
    globalTags === undefined || (typeof globalTags === "object" && globalTags !== null),
    "globalTags must be an object",
  );
  check(onError === undefined || typeof onError === "function", "onError must be a function");

  if (onError !== undefined) state.onError = onError;
  if (backend !== undefined) state.backend = backend;
  if (prefix !== undefined)
    state.prefix = prefix === "" || prefix.endsWith(".") ? prefix : `${prefix}.`;
  if (sampleRate !== undefined) state.sampleRate = sampleRate;
  if (globalTags !== undefined) state.globalTags = mergeTags(undefined, globalTags, "configure");
  state.reported.clear();
}

/** The backend in use now: the no-op one until `configure` sets another. */
export function getBackend(): MetricsBackend {
  return state.backend;
}

/** Runs the backend's `flush` or `close`, reporting a failure instead of rejecting. */
async function settle(method: "flush" | "close"): Promise<MetricsBackend> {
  const backend = state.backend;
  try {
    await backend[method]();
  } catch (error) {
    reportError(
      new MetricsError("transport_error", `${method} failed: ${textOf(error)}`, { cause: error }),
    );
  }
  return backend;
}

/** Sends what the backend holds. Never rejects: failures go to `onError`. */
export async function flush(): Promise<void> {
  await settle("flush");
}

/** Flushes and closes the backend, then leaves the no-op backend in place. Never rejects. */
export async function close(): Promise<void> {
  const backend = await settle("close");
  // Another backend may have been configured while this one was closing; keep that one.
  if (state.backend === backend) state.backend = NOOP;
}
