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
  /** Summed per context (`incr`). */
  Counter: "counter",
  /** The last value per context (`gauge`). */
  Gauge: "gauge",
  /** The distinct members per context (`set`). */
  Set: "set",
  /** Every value kept, sent as the transport's distribution (DogStatsD `d`). */
  Distribution: "distribution",
  /** Every value kept, sent as a histogram (DogStatsD `h`). */
  Histogram: "histogram",
  /** Every value kept, sent as a StatsD timer (`ms`). */
  Timer: "timer",
} as const);

/** One of {@link MetricKind}'s values. */
export type MetricKind = (typeof MetricKind)[keyof typeof MetricKind];

/** The kinds whose every value counts, kept as values per context (not summed). */
export type SampleKind =
  | typeof MetricKind.Distribution
  | typeof MetricKind.Histogram
  | typeof MetricKind.Timer;
