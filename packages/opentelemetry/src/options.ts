import type { ErrorHandler } from "@metrics/core";
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

/** Validates options and fills in defaults; a bad option throws a `TypeError` naming it. */
export function resolveOptions(options: OpenTelemetryBackendOptions): ResolvedOpenTelemetryOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("OpenTelemetryBackend options must be an object");
  }
  const provider = options.meterProvider;
  if (provider !== undefined && typeof provider?.getMeter !== "function") {
    throw new TypeError("meterProvider must be an OpenTelemetry MeterProvider (with getMeter)");
  }
  const meterName = options.meterName ?? "@metrics";
  if (typeof meterName !== "string" || meterName === "") {
    throw new TypeError(`meterName must be a non-empty string, got ${String(meterName)}`);
  }
  const meterVersion = options.meterVersion;
  if (meterVersion !== undefined && typeof meterVersion !== "string") {
    throw new TypeError(`meterVersion must be a string, got ${String(meterVersion)}`);
  }
  return {
    meterName,
    meterVersion,
    flushTimeoutMs: integer("flushTimeoutMs", options.flushTimeoutMs, 10_000),
    maxSetMembers: integer("maxSetMembers", options.maxSetMembers, 10_000),
  };
}

function integer(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}
