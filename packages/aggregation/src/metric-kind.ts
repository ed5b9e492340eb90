/**
 * The kinds of metric an aggregator keeps, in its own words: a transport maps each to its wire
 * type (StatsD `ms`, DogStatsD `d`/`h`, a Datadog series type) when it renders a window.
 *
 * @example
 * ```ts
 * aggregator.sample(MetricKind.Distribution, "payload.size", tags, 2048, 1, "byte");
 * ```
 */
export const MetricKind = Object.freeze({
  /** Summed per context: `incr()`/`decr()`. */
  Counter: "counter",
  /** The last value per context: `gauge()`. */
  Gauge: "gauge",
  /** The distinct members per context: `set()`. */
  Set: "set",
  /** Every value kept, for server-side percentiles: `distribution()`. */
  Distribution: "distribution",
  /** Every value kept, for agent-side percentiles: `histogram()`. */
  Histogram: "histogram",
  /** Every duration kept, in milliseconds: `timing()`. */
  Timer: "timer",
} as const);

/** One of {@link MetricKind}'s values. */
export type MetricKind = (typeof MetricKind)[keyof typeof MetricKind];

/** The kinds whose every value counts, kept as values per context (not summed). */
export type SampleKind =
  | typeof MetricKind.Distribution
  | typeof MetricKind.Histogram
  | typeof MetricKind.Timer;
