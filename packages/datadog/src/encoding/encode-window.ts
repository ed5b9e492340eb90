import type { AggregatedWindow, SampleContext } from "@metrics/aggregation";
import { normalizeMetricName, normalizeTag, normalizeUnit } from "../naming/normalize.js";
import { COUNT, type DistributionItem, GAUGE, type SeriesItem } from "./wire-types.js";

/** What is attached to every point of a backend. */
export interface ConstantFields {
  /** Already normalised. */
  readonly host: string | undefined;
  /** Already normalised `key:value` tags. */
  readonly tags: readonly string[];
}

export interface WindowInput {
  readonly window: AggregatedWindow;
  /** Unit per raw metric key, as the calls gave it (Datadog keeps one unit per metric name). */
  readonly units: ReadonlyMap<string, string>;
  /** Seconds since the epoch stamped on every point of the window. */
  readonly timestamp: number;
  /** Length of the window in whole seconds (the `interval` of counts). */
  readonly intervalSeconds: number;
  /** Most values sent per distribution context (expanded by sample rate up to this bound). */
  readonly maxValuesPerContext: number;
}

export interface EncodedWindow {
  readonly series: SeriesItem[];
  readonly distributions: DistributionItem[];
  /** Raw keys with nothing usable left after normalisation (dropped). */
  readonly invalidKeys: string[];
  /** Contexts whose value overflowed to a non-finite number (dropped). */
  readonly nonFinite: number;
}

interface Identity {
  readonly metric: string;
  readonly tags: string[];
  readonly id: string;
}

/**
 * Turns one aggregated window into v2 series (counts, gauges, set sizes) and v1 distribution
 * points. Contexts that differ in the raw key or tags but normalise to the same name and tags
 * are merged (counts summed, set members united, values joined), so two series never carry the
 * same name, tags and timestamp, which the intake would collapse to one.
 */
export function encodeWindow(input: WindowInput, constant: ConstantFields): EncodedWindow {
  const invalidKeys: string[] = [];
  let nonFinite = 0;
  const names = new Map<string, string>();
  const identify = (key: string, tags: Readonly<Record<string, string>>): Identity | undefined => {
    let metric = names.get(key);
    if (metric === undefined) {
      metric = normalizeMetricName(key);
      names.set(key, metric);
      if (metric === "") invalidKeys.push(key);
    }
    if (metric === "") return undefined;
    const tagList = contextTags(tags, constant.tags);
    return { metric, tags: tagList, id: `${metric}\u0000${tagList.join("\u0001")}` };
  };

  const counts = new Map<string, { identity: Identity; value: number; unit?: string }>();
  for (const context of input.window.counters) {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) continue;
    const found = counts.get(identity.id);
    if (found) found.value += context.value;
    else
      counts.set(identity.id, {
        identity,
        value: context.value,
        unit: input.units.get(context.key),
      });
  }

  const gauges = new Map<string, { identity: Identity; value: number; unit?: string }>();
  for (const context of input.window.gauges) {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) continue;
    gauges.set(identity.id, { identity, value: context.value, unit: input.units.get(context.key) });
  }

  const sets = new Map<string, { identity: Identity; members: Set<string> }>();
  for (const context of input.window.sets) {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) continue;
    const found = sets.get(identity.id);
    if (found) for (const member of context.members) found.members.add(member);
    else sets.set(identity.id, { identity, members: context.members });
  }

  const samples = new Map<string, { identity: Identity; contexts: SampleContext[] }>();
  for (const context of input.window.samples) {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) continue;
    const found = samples.get(identity.id);
    if (found) found.contexts.push(context);
    else samples.set(identity.id, { identity, contexts: [context] });
  }

  const { timestamp, intervalSeconds } = input;
  const resources =
    constant.host === undefined ? undefined : [{ name: constant.host, type: "host" as const }];
  const series: SeriesItem[] = [];
  const pushSeries = (
    identity: Identity,
    type: typeof COUNT | typeof GAUGE,
    value: number,
    unit: string | undefined,
  ) => {
    if (!Number.isFinite(value)) {
      nonFinite += 1;
      return;
    }
    const item: SeriesItem = { metric: identity.metric, type, points: [{ timestamp, value }] };
    if (type === COUNT) item.interval = intervalSeconds;
    const normalizedUnit = normalizeUnit(unit);
    if (normalizedUnit !== undefined) item.unit = normalizedUnit;
    if (resources !== undefined) item.resources = resources;
    if (identity.tags.length > 0) item.tags = identity.tags;
    series.push(item);
  };
  for (const { identity, value, unit } of counts.values()) pushSeries(identity, COUNT, value, unit);
  for (const { identity, value, unit } of gauges.values()) pushSeries(identity, GAUGE, value, unit);
  for (const { identity, members } of sets.values())
    pushSeries(identity, GAUGE, members.size, undefined);

  const distributions: DistributionItem[] = [];
  for (const { identity, contexts } of samples.values()) {
    const values = weightedValues(contexts, input.maxValuesPerContext);
    if (values.length === 0) continue;
    const item: DistributionItem = {
      metric: identity.metric,
      points: [[timestamp, values]],
      type: "distribution",
    };
    if (constant.host !== undefined) item.host = constant.host;
    if (identity.tags.length > 0) item.tags = identity.tags;
    distributions.push(item);
  }
  return { series, distributions, invalidKeys, nonFinite };
}

/** The context's tags, normalised, after the constant ones, sorted and without duplicates. */
function contextTags(
  tags: Readonly<Record<string, string>>,
  constant: readonly string[],
): string[] {
  const list = [...constant];
  for (const key in tags) list.push(normalizeTag(key, tags[key] as string));
  if (list.length < 2) return list;
  list.sort();
  return list.filter((tag, i) => i === 0 || tag !== list[i - 1]);
}

/**
 * The values to send for one distribution: every kept value, repeated so that the count matches
 * the events they stand for (`weight`: sampled calls count 1 / rate, as the Agent counts them),
 * but never more than `bound` values. The v1 API has no sample-rate field, so repetition is the
 * only way to keep counts unbiased. Non-finite values are never sent.
 */
function weightedValues(contexts: readonly SampleContext[], bound: number): number[] {
  const kept: number[] = [];
  let weight = 0;
  for (const context of contexts) {
    for (const value of context.values) if (Number.isFinite(value)) kept.push(value);
    weight += context.weight;
  }
  const target = Math.min(Math.max(kept.length, bound), Math.round(weight));
  if (kept.length === 0 || target <= kept.length) return kept;
  const expanded = new Array<number>(target);
  for (let i = 0; i < target; i++) expanded[i] = kept[i % kept.length] as number;
  return expanded;
}
