import type { ErrorHandler } from "@metrics/core";
import { Registry } from "prom-client";
import { type ListenOptions, validateListenOptions } from "./exposition-server.js";

/**
 * Options of {@link PrometheusBackend}; every one is optional, and all but `registry` and
 * `onError` are JSON (so `METRICS_OPTIONS` can carry them).
 */
export interface PrometheusBackendOptions {
  /** The prom-client registry to fill. Default: a new one of the backend's own. */
  registry?: Registry;
  /** Histogram buckets of timings, in seconds. Default prom-client's: 0.005 … 10. */
  buckets?: number[];
  /** Histogram buckets of distributions (their own unit). Default 0, 5, 10, 25 … 10,000. */
  distributionBuckets?: number[];
  /** Length of a set's window in ms: a set shows the unique members of the last one. Default 10,000. */
  windowMs?: number;
  /** Label sets (series) per metric; a new one past it is dropped and reported. Default 2,000. */
  maxLabelSets?: number;
  /** Unique members kept per set key (all its label sets) per window. Default 10,000. */
  maxSetMembers?: number;
  /**
   * Starts the `/metrics` server at construction, as `listen()` would (for
   * `configureFromEnv`: `METRICS_OPTIONS='{"listen":{"port":9464}}'`); a failure to bind is
   * reported as `transport_error`. Default: no server.
   */
  listen?: ListenOptions;
  /** Receives every failure. Default: `reportError` of `@metrics/core`. */
  onError?: ErrorHandler;
}

/** The options in effect, defaults filled in (`PrometheusBackend#options`). */
export interface ResolvedPrometheusOptions {
  /** Histogram buckets of timings, in seconds. */
  buckets: readonly number[];
  /** Histogram buckets of distributions. */
  distributionBuckets: readonly number[];
  /** Length of a set's window, in ms. */
  windowMs: number;
  /** Label sets (series) per metric. */
  maxLabelSets: number;
  /** Unique members kept per set key per window. */
  maxSetMembers: number;
}

/** prom-client's default buckets, which suit durations in seconds. */
export const SECONDS_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** OpenTelemetry's default histogram boundaries, for values of any other unit. */
export const DISTRIBUTION_BUCKETS: readonly number[] = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10_000,
];

/** Validates options and fills in defaults; a bad option throws a `TypeError` naming it. */
export function resolveOptions(options: PrometheusBackendOptions): ResolvedPrometheusOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("PrometheusBackend options must be an object");
  }
  const registry = options.registry;
  if (registry !== undefined && !(registry instanceof Registry) && !isRegistryLike(registry)) {
    throw new TypeError("registry must be a prom-client Registry");
  }
  if (options.listen !== undefined) validateListenOptions(options.listen);
  return {
    buckets: bucketsOf("buckets", options.buckets, SECONDS_BUCKETS),
    distributionBuckets: bucketsOf(
      "distributionBuckets",
      options.distributionBuckets,
      DISTRIBUTION_BUCKETS,
    ),
    windowMs: integer("windowMs", options.windowMs, 10_000),
    maxLabelSets: integer("maxLabelSets", options.maxLabelSets, 2_000),
    maxSetMembers: integer("maxSetMembers", options.maxSetMembers, 10_000),
  };
}

/** A registry of another prom-client copy (an application's own) works as well. */
function isRegistryLike(value: unknown): boolean {
  const registry = value as Partial<Registry>;
  return typeof registry?.metrics === "function" && typeof registry.registerMetric === "function";
}

function bucketsOf(
  name: string,
  value: number[] | undefined,
  fallback: readonly number[],
): readonly number[] {
  if (value === undefined) return fallback;
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((b, i) => Number.isFinite(b) && (i === 0 || b > value[i - 1]!));
  if (!valid) {
    throw new TypeError(`${name} must be a non-empty array of increasing finite numbers`);
  }
  return [...value];
}

function integer(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}
