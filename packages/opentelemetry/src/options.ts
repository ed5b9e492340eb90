import type { ErrorHandler } from "@metrics/core";
import {
  checkKnownOptions,
  configError,
  integerOption,
  stringOption,
  TRANSPORT_DEFAULTS,
} from "@metrics/transport";
import type { MeterProvider } from "@opentelemetry/api";

/** Options of {@link OpenTelemetryBackend}; every one is optional and JSON-able except the hooks. */
export interface OpenTelemetryBackendOptions {
  /**
   * Where instruments come from. Default: the global provider of `@opentelemetry/api`, looked up
   * again on every call, so an SDK registered after the backend was built still gets the metrics.
   */
  meterProvider?: MeterProvider;
  /** The meter's name (the instrumentation scope). Default `"@metrics"`. */
  meterName?: string;
  /** The meter's version. Default: none. */
  meterVersion?: string;
  /** How long `flush()` and `close()` wait for the provider's `forceFlush`, in ms. Default 10,000. */
  flushTimeoutMs?: number;
  /** Unique members kept per set key (all its tag sets) per export interval. Default 10,000. */
  maxSetMembers?: number;
  /** Receives every failure. Default: `reportError` of `@metrics/core`. */
  onError?: ErrorHandler;
}

/** The options in effect, defaults filled in (`OpenTelemetryBackend#options`). */
export interface ResolvedOpenTelemetryOptions {
  /** The meter's name (instrumentation scope). */
  meterName: string;
  /** The meter's version, if one was given. */
  meterVersion: string | undefined;
  /** How long `flush()` and `close()` wait for `forceFlush`, in ms. */
  flushTimeoutMs: number;
  /** Unique members kept per set key per export interval. */
  maxSetMembers: number;
}

const OWNER = "OpenTelemetryBackend";
const OPTION_NAMES = [
  "meterProvider",
  "meterName",
  "meterVersion",
  "flushTimeoutMs",
  "maxSetMembers",
  "onError",
] as const;

/**
 * Validates options and fills in defaults, with the transports' one vocabulary: a bad or unknown
 * option throws a `MetricsError` (`invalid_option`) naming it (and the closest valid name).
 */
export function resolveOptions(options: OpenTelemetryBackendOptions): ResolvedOpenTelemetryOptions {
  checkKnownOptions(OWNER, options, OPTION_NAMES);
  const provider = options.meterProvider;
  if (provider !== undefined && typeof provider?.getMeter !== "function") {
    throw configError(
      OWNER,
      "meterProvider must be an OpenTelemetry MeterProvider (with getMeter)",
    );
  }
  return {
    meterName: stringOption(OWNER, "meterName", options.meterName, "@metrics"),
    meterVersion: stringOption(OWNER, "meterVersion", options.meterVersion, undefined),
    flushTimeoutMs: integerOption(OWNER, "flushTimeoutMs", options.flushTimeoutMs, {
      default: TRANSPORT_DEFAULTS.flushTimeoutMs,
      min: 1,
    }),
    maxSetMembers: integerOption(OWNER, "maxSetMembers", options.maxSetMembers, {
      default: 10_000,
      min: 1,
    }),
  };
}
