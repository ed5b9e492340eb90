import type { ErrorHandler } from "@metrics/core";
import { checkKnownOptions, configError, integerOption } from "@metrics/transport";
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

const OWNER = "PrometheusBackend";
const OPTION_NAMES = [
  "registry",
  "buckets",
  "distributionBuckets",
  "windowMs",
  "maxLabelSets",
  "maxSetMembers",
  "listen",
  "onError",
] as const;

/**
 * Validates options and fills in defaults, with the transports' one vocabulary: a bad or unknown
 * option throws a `MetricsError` (`invalid_option`) naming it (and the closest valid name).
 */
export function resolveOptions(options: PrometheusBackendOptions): ResolvedPrometheusOptions {
  checkKnownOptions(OWNER, options, OPTION_NAMES);
  const registry = options.registry;
  if (registry !== undefined && !(registry instanceof Registry) && !isRegistryLike(registry)) {
    throw configError(OWNER, "registry must be a prom-client Registry");
  }
  if (options.listen !== undefined) validateListenOptions(options.listen);
  const atLeastOne = (name: string, value: unknown, fallback: number) =>
    integerOption(OWNER, name, value, { default: fallback, min: 1 });
  return {
    buckets: bucketsOf("buckets", options.buckets, SECONDS_BUCKETS),
    distributionBuckets: bucketsOf(
      "distributionBuckets",
      options.distributionBuckets,
      DISTRIBUTION_BUCKETS,
    ),
    windowMs: atLeastOne("windowMs", options.windowMs, 10_000),
    maxLabelSets: atLeastOne("maxLabelSets", options.maxLabelSets, 2_000),
    maxSetMembers: atLeastOne("maxSetMembers", options.maxSetMembers, 10_000),
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
    throw configError(OWNER, `${name} must be a non-empty array of increasing finite numbers`);
  }
  return [...value];
}
