/**
 * What a peer (the StatsD daemon, the HTTP intake, the log) received, decoded into one shape so
 * the view and the summary do not care which transport carried it.
 */
import { type Buckets, mergeBuckets } from "./histogram-quantile.js";

export type TagMap = Record<string, string>;

interface Context<T> {
  name: string;
  tags: TagMap;
  value: T;
}

function contextId(name: string, tags: TagMap): string {
  return `${name}|${Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",")}`;
}

class ContextMap<T> {
  readonly #contexts = new Map<string, Context<T>>();

  /** The context of `name` and `tags`, created with `initial()` the first time. */
  at(name: string, tags: TagMap, initial: () => T): Context<T> {
    const id = contextId(name, tags);
    let context = this.#contexts.get(id);
    if (context === undefined) {
      context = { name, tags, value: initial() };
      this.#contexts.set(id, context);
    }
    return context;
  }

  named(name: string): Context<T>[] {
    return [...this.#contexts.values()].filter((context) => context.name === name);
  }
}

/** A histogram as an aggregating peer (Prometheus, OpenTelemetry) holds it: no values, only these. */
export interface Aggregate {
  count: number;
  sum: number;
  /** Upper bound → cumulative count, `+Inf` last. */
  buckets: Buckets;
}

/**
 * Everything a peer received, by metric name and tags.
 *
 * @example
 * const received = new Received();
 * received.counter("demo.http.requests", { route: "health", status: "200" }, 1);
 */
export class Received {
  /**
   * @param timingUnit the unit timings arrive in: `ms` (StatsD, Datadog, the log), or `s` (the
   *   Prometheus, OpenTelemetry and Sentry backends, which send timings in seconds).
   */
  constructor(readonly timingUnit: "ms" | "s" = "ms") {}

  /** Counter sums. */
  readonly counters = new ContextMap<number>();
  /** Gauge values in the order they arrived (the last one is the gauge's value). */
  readonly gauges = new ContextMap<number[]>();
  /** Every timing and distribution value, as it arrived (timings in `timingUnit`). */
  readonly timings = new ContextMap<number[]>();
  /** Timings and distributions that arrived as histograms: their count and sum, without values. */
  readonly aggregates = new ContextMap<Aggregate>();
  /** Set members. (Datadog's API receives a set as a gauge of its size per window instead.) */
  readonly members = new ContextMap<Set<string>>();

  counter(name: string, tags: TagMap, amount: number): void {
    this.counters.at(name, tags, () => 0).value += amount;
  }

  gauge(name: string, tags: TagMap, value: number): void {
    this.gauges.at(name, tags, () => []).value.push(value);
  }

  timing(name: string, tags: TagMap, ms: number[]): void {
    this.timings.at(name, tags, () => []).value.push(...ms);
  }

  aggregate(name: string, tags: TagMap, count: number, sum: number, buckets: Buckets): void {
    const { value } = this.aggregates.at(name, tags, () => ({ count: 0, sum: 0, buckets: [] }));
    value.count += count;
    value.sum += sum;
    value.buckets = mergeBuckets([value.buckets, buckets]);
  }

  member(name: string, tags: TagMap, member: string): void {
    this.members.at(name, tags, () => new Set()).value.add(member);
  }
}

/**
 * `k:v` tags (DogStatsD, Datadog) to a map.
 *
 * @example
 * parseColonTags(["route:health", "status:200"]); // { route: "health", status: "200" }
 */
export function parseColonTags(tags: Iterable<string>): TagMap {
  const map: TagMap = {};
  for (const tag of tags) {
    const colon = tag.indexOf(":");
    if (colon === -1) map[tag] = "";
    else map[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  return map;
}
