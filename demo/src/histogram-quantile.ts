/**
 * A quantile estimated from histogram buckets the way Prometheus's `histogram_quantile()` does:
 * linear interpolation inside the bucket the rank falls in (the first bucket starts at 0; a rank
 * in the `+Inf` bucket gives the largest finite bound). What a Prometheus or OpenTelemetry user
 * sees for a percentile, since neither keeps the values themselves.
 */

/** Upper bound → cumulative count, `+Inf` (Infinity) last. */
export type Buckets = [le: number, cumulative: number][];

/**
 * @example
 * histogramQuantile(0.5, [[0.1, 2], [0.25, 6], [Infinity, 6]]); // 0.1375
 */
export function histogramQuantile(q: number, buckets: Buckets): number | undefined {
  const sorted = [...buckets].sort(([a], [b]) => a - b);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, cumulative] of sorted) {
    if (cumulative >= rank) {
      if (le === Number.POSITIVE_INFINITY) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(1, cumulative - below);
    }
    lower = le;
    below = cumulative;
  }
  return lower;
}

/**
 * The buckets of several histograms with the same bounds, added up.
 *
 * @example
 * mergeBuckets([[[1, 2], [Infinity, 3]], [[1, 1], [Infinity, 1]]]); // [[1, 3], [Infinity, 4]]
 */
export function mergeBuckets(histograms: Buckets[]): Buckets {
  const byBound = new Map<number, number>();
  for (const buckets of histograms) {
    for (const [le, cumulative] of buckets) byBound.set(le, (byBound.get(le) ?? 0) + cumulative);
  }
  return [...byBound.entries()].sort(([a], [b]) => a - b);
}
