/**
 * Prometheus's view of the demo's metrics, however it was read (the text format scraped by the
 * demo, or a Prometheus server's query API), turned into `Received`. Each family's `# HELP`
 * names the @metrics key it came from (`@metrics key "demo.http.requests"`), which maps the
 * Prometheus names (`demo_http_requests_total`) back to the demo's.
 */
import type { Buckets } from "../histogram-quantile.js";
import { Received, type TagMap } from "../received.js";

/** A metric family: the @metrics key behind it and its Prometheus type. */
export interface Family {
  key: string;
  type: string;
}

/** One series and every value seen of it, oldest first. */
export interface Series {
  name: string;
  labels: TagMap;
  values: number[];
}

const HELP_KEY = /^@metrics key "([^"]*)"/;

/**
 * The @metrics key in a family's help text, if the Prometheus backend wrote it.
 *
 * @example
 * keyOfHelp('@metrics key "demo.http.latency" (unit second)'); // "demo.http.latency"
 */
export function keyOfHelp(help: string): string | undefined {
  return HELP_KEY.exec(help)?.[1];
}

/** The family a sample belongs to: its own name, or a histogram's without `_bucket` etc. */
function familyOf(name: string, families: Map<string, Family>): [string, Family] | undefined {
  for (const candidate of [name, name.replace(/_(bucket|sum|count)$/, "")]) {
    const family = families.get(candidate);
    if (family !== undefined) return [candidate, family];
  }
  return undefined;
}

/**
 * What Prometheus holds as `Received`: each counter and histogram at its last value, every value
 * of each gauge (a set's gauge is its unique members of one window). Timings are in seconds.
 *
 * @example
 * receivedFrom(families, series).counters.named("demo.http.requests");
 */
export function receivedFrom(families: Map<string, Family>, series: Iterable<Series>): Received {
  const received = new Received("s");
  const histograms = new Map<
    string,
    { key: string; tags: TagMap; count: number; sum: number; buckets: Buckets }
  >();
  for (const { name, labels, values } of series) {
    const found = familyOf(name, families);
    const last = values.at(-1);
    if (found === undefined || last === undefined) continue; // not the demo's
    const [familyName, { key, type }] = found;
    if (type === "counter") received.counter(key, labels, last);
    else if (type === "gauge") for (const value of values) received.gauge(key, labels, value);
    else if (type === "histogram") {
      const { le, ...tags } = labels;
      const id = `${familyName}${JSON.stringify(Object.entries(tags).sort())}`;
      const histogram = histograms.get(id) ?? { key, tags, count: 0, sum: 0, buckets: [] };
      histograms.set(id, histogram);
      if (name.endsWith("_count")) histogram.count = last;
      else if (name.endsWith("_sum")) histogram.sum = last;
      else histogram.buckets.push([le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), last]);
    }
  }
  for (const { key, tags, count, sum, buckets } of histograms.values()) {
    received.aggregate(key, tags, count, sum, buckets);
  }
  return received;
}
