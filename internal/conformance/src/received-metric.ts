/** One metric as a transport's sink decoded it from the wire. */
export interface ReceivedMetric {
  type: "counter" | "gauge" | "distribution" | "timing" | "set";
  key: string;
  /** A counter line's amount, a gauge's value, one distribution/timing value, or one set member. */
  value: number | string;
  tags: Record<string, string>;
  /** The rate the wire carried (1 when none); counters are summed as value / sampleRate. */
  sampleRate: number;
  /**
   * For a wire that carries histograms (`distributionsArriveAs: "histograms"`): how many values
   * this distribution or timing stands for; `value` is then their sum.
   */
  count?: number;
  /** The smallest and largest of those values, when the wire carries them. */
  min?: number;
  max?: number;
}

/** How a backend's wire represents what the kit emits. */
export interface WireShape {
  /** The type a timing arrives as. */
  timingType: "timing" | "distribution";
  /** What a timing's seconds are multiplied by on the wire (1000 for milliseconds). */
  timingScale: number;
  /** Sets arrive as their members, or as a gauge of the unique count per window. */
  setsArriveAs: "members" | "count-gauge";
  /** Tags arrive, or the format drops them (plain StatsD with `tagFormat: "none"`). Default kept. */
  tags?: "kept" | "dropped";
  /**
   * Whether the kit checks that hostile keys and tags cannot add, split or rename a metric:
   * true for every wire; false for a human-readable log (`LoggingBackend`). Default true.
   */
  wireSafety?: boolean;
  /**
   * Distributions and timings arrive as their values (the default), or as histograms (count, sum
   * and, where carried, min and max), as OpenTelemetry and Prometheus send them.
   */
  distributionsArriveAs?: "values" | "histograms";
  /** A tag whose value is `""` is the same as no tag (Prometheus's data model). Default false. */
  emptyTagValueIsAbsent?: boolean;
}
