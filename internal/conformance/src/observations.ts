import type { ReceivedMetric } from "./received-metric.js";

/** A context: a key and its tags, in a canonical string form. */
export function contextOf(key: string, tags: Record<string, string>): string {
  const names = Object.keys(tags).sort();
  return JSON.stringify([key, names.map((name) => [name, tags[name]])]);
}

/**
 * What a server would conclude from received metrics, independent of batching: counter totals
 * (amount / rate), last gauges, every distribution value, unique set members, per context.
 */
export interface Observations {
  counters: Map<string, number>;
  gauges: Map<string, number>;
  distributions: Map<string, number[]>;
  timings: Map<string, number[]>;
  sets: Map<string, Set<string>>;
  /** Count, sum, min and max of the distribution and timing values per context, from values or histograms. */
  distributionSummaries: Map<string, Summary>;
  timingSummaries: Map<string, Summary>;
  /** Every received key, for checks that nothing was renamed or forged. */
  keys: Set<string>;
}

/** What a histogram tells of its values. */
export interface Summary {
  count: number;
  sum: number;
  min: number;
  max: number;
}

function summarise(map: Map<string, Summary>, context: string, metric: ReceivedMetric): void {
  const value = Number(metric.value);
  const count = metric.count ?? 1;
  const min = metric.min ?? (metric.count === undefined ? value : Number.NaN);
  const max = metric.max ?? (metric.count === undefined ? value : Number.NaN);
  const seen = map.get(context);
  if (seen === undefined) {
    map.set(context, { count, sum: value, min, max });
    return;
  }
  seen.count += count;
  seen.sum += value;
  seen.min = Math.min(seen.min, min);
  seen.max = Math.max(seen.max, max);
}

function push<T>(map: Map<string, T[]>, context: string, value: T): void {
  const values = map.get(context);
  if (values) values.push(value);
  else map.set(context, [value]);
}

export function observe(received: ReceivedMetric[]): Observations {
  const seen: Observations = {
    counters: new Map(),
    gauges: new Map(),
    distributions: new Map(),
    timings: new Map(),
    sets: new Map(),
    distributionSummaries: new Map(),
    timingSummaries: new Map(),
    keys: new Set(),
  };
  for (const metric of received) {
    const context = contextOf(metric.key, metric.tags);
    seen.keys.add(metric.key);
    const value = metric.value;
    switch (metric.type) {
      case "counter":
        seen.counters.set(
          context,
          (seen.counters.get(context) ?? 0) + Number(value) / metric.sampleRate,
        );
        break;
      case "gauge":
        seen.gauges.set(context, Number(value));
        break;
      case "set": {
        const members = seen.sets.get(context) ?? new Set<string>();
        members.add(String(value));
        seen.sets.set(context, members);
        break;
      }
      case "timing":
        if (metric.count === undefined) push(seen.timings, context, Number(value));
        summarise(seen.timingSummaries, context, metric);
        break;
      case "distribution":
        if (metric.count === undefined) push(seen.distributions, context, Number(value));
        summarise(seen.distributionSummaries, context, metric);
        break;
    }
  }
  return seen;
}
