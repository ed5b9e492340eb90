import type { AggregatedWindow, SampleContext } from "@metrics/aggregation";
import { normalizeMetricName, normalizeTag, normalizeUnit } from "../naming/normalize.js";
import {
  COUNT,
  distributionPieces,
  GAUGE,
  type ItemFrame,
  type Piece,
  seriesPiece,
} from "./wire-pieces.js";

/** What is attached to every point of a backend. */
export interface ConstantFields {
  /** Already normalised. */
  readonly host: string | undefined;
  /** Already normalised `key:value` tags. */
  readonly tags: readonly string[];
}

export interface WindowInput {
  readonly window: AggregatedWindow;
  /** Seconds since the epoch stamped on every point of the window. */
  readonly timestamp: number;
  /** Length of the window in whole seconds (the `interval` of counts). */
  readonly intervalSeconds: number;
}

export interface EncodedWindow {
  readonly series: Piece[];
  readonly distributions: Piece[];
  /** Raw keys with nothing usable left after normalisation (dropped). */
  readonly invalidKeys: string[];
  /** Keys of contexts whose value overflowed to a non-finite number (dropped), with points. */
  readonly nonFinite: Map<string, number>;
  /** Keys of contexts whose encoding failed (dropped alone), with the error. */
  readonly failed: Map<string, unknown>;
}

interface Identity {
  readonly metric: string;
  readonly tags: string[];
  readonly id: string;
}

/**
 * Turns one aggregated window into the JSON items of v2 series (counts, gauges, set sizes) and
 * v1 distribution points, in one pass. Contexts that differ in the raw key or tags but normalise
 * to the same name and tags are merged (counts summed, set members united, values joined), so
 * two series never carry the same name, tags and timestamp, which the intake would collapse. A
 * context that cannot be encoded costs that context alone (`failed`, with its key).
 *
 * @example
 * const { series } = encodeWindow({ window: aggregator.drain(), timestamp, intervalSeconds: 10 }, { host: undefined, tags: [] });
 */
export function encodeWindow(input: WindowInput, constant: ConstantFields): EncodedWindow {
  const invalidKeys: string[] = [];
  const nonFinite = new Map<string, number>();
  const failed = new Map<string, unknown>();
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
  /** Runs `step` for one context; a throw costs that context alone. */
  const each = <C extends { key: string }>(contexts: readonly C[], step: (context: C) => void) => {
    for (const context of contexts) {
      try {
        step(context);
      } catch (error) {
        failed.set(context.key, error);
      }
    }
  };

  type Scalar = { identity: Identity; value: number; key: string; unit?: string };
  const counts = new Map<string, Scalar>();
  each(input.window.counters, (context) => {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) return;
    const found = counts.get(identity.id);
    if (found) found.value += context.value;
    else {
      const unit = context.unit;
      counts.set(identity.id, { identity, value: context.value, key: context.key, unit });
    }
  });
  const gauges = new Map<string, Scalar>();
  each(input.window.gauges, (context) => {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) return;
    const unit = context.unit;
    gauges.set(identity.id, { identity, value: context.value, key: context.key, unit });
  });
  const sets = new Map<string, { identity: Identity; key: string; members: Set<string> }>();
  each(input.window.sets, (context) => {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) return;
    const found = sets.get(identity.id);
    if (found) for (const member of context.members) found.members.add(member);
    else sets.set(identity.id, { identity, key: context.key, members: new Set(context.members) });
  });
  const samples = new Map<string, { identity: Identity; key: string; values: number[] }>();
  each(input.window.samples, (context) => {
    const identity = identify(context.key, context.tags);
    if (identity === undefined) return;
    const values = weightedValues(context);
    const found = samples.get(identity.id);
    if (found) for (const value of values) found.values.push(value);
    else samples.set(identity.id, { identity, key: context.key, values });
  });

  const frame: ItemFrame = { timestamp: input.timestamp, host: constant.host };
  const series: Piece[] = [];
  const pushSeries = (scalar: Scalar, type: typeof COUNT | typeof GAUGE) => {
    if (!Number.isFinite(scalar.value)) {
      nonFinite.set(scalar.key, (nonFinite.get(scalar.key) ?? 0) + 1);
      return;
    }
    const { metric, tags } = scalar.identity;
    const unit = normalizeUnit(scalar.unit);
    const interval = type === COUNT ? input.intervalSeconds : undefined;
    series.push(seriesPiece(frame, metric, type, scalar.value, tags, unit, interval));
  };
  each([...counts.values()], (scalar) => pushSeries(scalar, COUNT));
  each([...gauges.values()], (scalar) => pushSeries(scalar, GAUGE));
  each([...sets.values()], ({ identity, key, members }) =>
    pushSeries({ identity, key, value: members.size }, GAUGE),
  );
  const distributions: Piece[] = [];
  each([...samples.values()], ({ identity, values }) => {
    for (const piece of distributionPieces(frame, identity.metric, values, identity.tags)) {
      distributions.push(piece);
    }
  });
  return { series, distributions, invalidKeys, nonFinite, failed };
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
 * The values to send for one distribution context. Every kept value; when the facade sampled
 * (`weight` above the values kept, each value standing for 1 / rate calls), values are repeated
 * so the server's count matches the calls they stand for: the v1 API has no sample-rate field.
 * When the opt-in reservoir (`maxSamplesPerContext`) left values out, only the kept ones go: the
 * backend reports the rest as lost rather than forging copies. Non-finite values never reach
 * here (refused at the call).
 */
function weightedValues(context: SampleContext): number[] {
  const kept = context.values;
  // The context's own array, not a copy: the window is only read here (a merge appends to it).
  if (context.seen > kept.length) return kept;
  const target = Math.round(context.weight);
  if (kept.length === 0 || target <= kept.length) return kept;
  const expanded = new Array<number>(target);
  for (let i = 0; i < target; i++) expanded[i] = kept[i % kept.length] as number;
  return expanded;
}
