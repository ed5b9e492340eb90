import type { ErrorHandler } from "@metrics/core";
import { booleanOption, configError, integerOption } from "./validate.js";

/**
 * The options every transport (StatsD, DogStatsD, Datadog HTTP) accepts, with one name, one
 * default and one validation message each. A transport's options interface extends this one.
 */
export interface TransportOptions {
  /** Aggregation window in ms; must divide the server's 10,000 ms flush or be a multiple of it. */
  flushIntervalMs?: number;
  /** Live contexts per window; past it a call is sent at once (or the window early). */
  maxContexts?: number;
  /**
   * Opt-in sampling: values kept per distribution/timing context per window, past which a
   * reservoir keeps a uniform subset (the server's counts are kept right by the rate). Default
   * off: every value is sent, memory bounded by sending a full context early.
   */
  maxSamplesPerContext?: number;
  /** Unique members kept per set context per window; past it a member is sent at once. */
  maxSetMembers?: number;
  /** Bytes waiting for the socket or the intake, past which data is dropped and reported. */
  maxQueueBytes?: number;
  /** The longest `flush()` and `close()` take, in ms, whatever the peer does. */
  flushTimeoutMs?: number;
  /** Each kind of error is reported at most once per this many ms (summed); `0`: every one. */
  errorIntervalMs?: number;
  /** Flush once when the process is about to exit on its own (`beforeExit`). Default true. */
  flushOnExit?: boolean;
  /** Receives every failure. Default: core's `reportError` (the application's `onError`). */
  onError?: ErrorHandler;
}

/** The shared options in effect, defaults filled in (`maxSamplesPerContext` undefined = exact). */
export interface ResolvedTransportOptions
  extends Required<Omit<TransportOptions, "maxSamplesPerContext" | "onError">> {
  /** Values kept per context per window when sampling was asked for; `undefined`: exact. */
  maxSamplesPerContext: number | undefined;
  /** The handler given, if any (`undefined`: core's `reportError`). */
  onError: ErrorHandler | undefined;
}

/** The defaults of the shared options that have one. */
export interface TransportDefaults {
  /** Aggregation window in ms. */
  flushIntervalMs: number;
  /** Live contexts per window. */
  maxContexts: number;
  /** Unique members kept per set context per window. */
  maxSetMembers: number;
  /** Bytes waiting for the socket or the intake before data is dropped. */
  maxQueueBytes: number;
  /** The longest `flush()` and `close()` take, in ms. */
  flushTimeoutMs: number;
  /** Each kind of error is reported at most once per this many ms. */
  errorIntervalMs: number;
  /** Whether to flush once on `beforeExit`. */
  flushOnExit: boolean;
}

/** The defaults, in one place. A transport whose peer needs another says so by `overrides`. */
export const TRANSPORT_DEFAULTS: Readonly<TransportDefaults> = Object.freeze({
  flushIntervalMs: 1_000,
  maxContexts: 10_000,
  maxSetMembers: 1_000,
  maxQueueBytes: 4 * 1024 * 1024,
  flushTimeoutMs: 10_000,
  errorIntervalMs: 10_000,
  flushOnExit: true,
});

/** The names of {@link TransportOptions}, for `checkKnownOptions`. */
export const TRANSPORT_OPTION_NAMES: readonly string[] = Object.freeze([
  "flushIntervalMs",
  "maxContexts",
  "maxSamplesPerContext",
  "maxSetMembers",
  "maxQueueBytes",
  "flushTimeoutMs",
  "errorIntervalMs",
  "flushOnExit",
  "onError",
]);

/** The server-side flush every StatsD server and the Datadog Agent use. */
const SERVER_FLUSH_MS = 10_000;

/**
 * Validates the shared options and fills in their defaults; a mistake throws a `MetricsError`
 * naming `owner` and the option. `overrides` replaces a default where a transport's peer needs
 * another (the Datadog intake takes fewer, larger windows), and is documented by that transport.
 *
 * @example
 * ```ts
 * const shared = resolveTransportOptions("StatsdBackend", options);
 * shared.flushTimeoutMs; // 10000
 * shared.maxSamplesPerContext; // undefined: exact
 * ```
 */
export function resolveTransportOptions(
  owner: string,
  options: TransportOptions,
  overrides: Partial<TransportDefaults> = {},
): ResolvedTransportOptions {
  const defaults = { ...TRANSPORT_DEFAULTS, ...overrides };
  const flushIntervalMs = integerOption(owner, "flushIntervalMs", options.flushIntervalMs, {
    default: defaults.flushIntervalMs,
    min: 1,
  });
  if (SERVER_FLUSH_MS % flushIntervalMs !== 0 && flushIntervalMs % SERVER_FLUSH_MS !== 0) {
    throw configError(
      owner,
      `flushIntervalMs must divide the server's 10000 ms flush (e.g. 500, 1000, 2000, 5000) or be a multiple of it, got ${flushIntervalMs}`,
    );
  }
  const onError = options.onError;
  if (onError !== undefined && typeof onError !== "function") {
    throw configError(owner, "onError must be a function");
  }
  return {
    flushIntervalMs,
    maxContexts: integerOption(owner, "maxContexts", options.maxContexts, {
      default: defaults.maxContexts,
      min: 1,
    }),
    maxSamplesPerContext:
      options.maxSamplesPerContext === undefined
        ? undefined
        : integerOption(owner, "maxSamplesPerContext", options.maxSamplesPerContext, {
            default: 0,
            min: 1,
          }),
    maxSetMembers: integerOption(owner, "maxSetMembers", options.maxSetMembers, {
      default: defaults.maxSetMembers,
      min: 1,
    }),
    maxQueueBytes: integerOption(owner, "maxQueueBytes", options.maxQueueBytes, {
      default: defaults.maxQueueBytes,
      min: 0,
    }),
    flushTimeoutMs: integerOption(owner, "flushTimeoutMs", options.flushTimeoutMs, {
      default: defaults.flushTimeoutMs,
      min: 1,
    }),
    errorIntervalMs: integerOption(owner, "errorIntervalMs", options.errorIntervalMs, {
      default: defaults.errorIntervalMs,
      min: 0,
    }),
    flushOnExit: booleanOption(owner, "flushOnExit", options.flushOnExit, defaults.flushOnExit),
    onError,
  };
}
