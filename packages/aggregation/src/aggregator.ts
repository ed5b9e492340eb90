import { type Context, ContextStore } from "./context-store.js";
import type { SampleKind } from "./metric-kind.js";
import {
  closeValues,
  type OpenSampleContext,
  offerSample,
  type SampleContext,
} from "./sample-reservoir.js";
import { copyTags, type Tags } from "./tags.js";

/** A counter context: `value` is the sum of `amount / sampleRate` over the window. */
export interface CounterContext extends Context {
  /** The sum so far of `amount / sampleRate`. */
  value: number;
  /** How many calls the sum holds (what is lost if the sum cannot be sent). */
  calls: number;
}

/** A gauge context: the last value set in the window. */
export interface GaugeContext extends Context {
  /** The last value set. */
  value: number;
}

/** A set context: the unique members seen in the window (numbers as their decimal string). */
export interface SetContext extends Context {
  /** The unique members, as strings. */
  readonly members: Set<string>;
}

/** Everything one window aggregated, handed over by `Aggregator.drain()`. */
export interface AggregatedWindow {
  /** Counter contexts of the window whose sum is a finite number. */
  readonly counters: readonly CounterContext[];
  /**
   * Counter contexts whose sum overflowed to ±Infinity (or NaN): never to be sent (a server
   * would store `Infinity` and the counter would stay poisoned); the transport reports them,
   * each with its `calls`.
   */
  readonly nonFinite: readonly CounterContext[];
  /** Gauge contexts of the window. */
  readonly gauges: readonly GaugeContext[];
  /** Set contexts of the window. */
  readonly sets: readonly SetContext[];
  /** Distribution, histogram and timer contexts of every kind, each tagged with its `kind`. */
  readonly samples: readonly SampleContext[];
  /** Calls refused (returned `false`) because a bound was reached; the caller sent them itself. */
  readonly overflowed: number;
  /**
   * Sample values the reservoirs left out (their weight is kept in the effective sample rate);
   * always 0 unless `maxSamplesPerContext` asked for sampling.
   */
  readonly sampledOut: number;
}

/** Bounds of an {@link Aggregator}; every one is per flush window. */
export interface AggregatorOptions {
  /** Live contexts (of all kinds together) per window. Default 10,000. */
  maxContexts?: number;
  /**
   * Opt-in sampling: values kept per sample context per window, past which a reservoir keeps a
   * uniform subset (the effective rate keeps the server's count right). Default: no sampling,
   * every value is kept and a full context is spilled.
   */
  maxSamplesPerContext?: number | undefined;
  /** Unique members kept per set context per window. Default 1,000. */
  maxSetMembers?: number;
  /**
   * Without sampling: values a sample context holds before it is spilled. Default 1,000.
   * Memory stays within `maxContexts` × this many values, plus, with `recycle`, the arrays of
   * the window before, held until the next drain.
   */
  valuesPerSpill?: number;
  /**
   * Receives a sample context that holds `valuesPerSpill` values when another arrives (without
   * sampling). It must send the values synchronously: they are cleared when it returns, and the
   * window goes on, so every value is delivered. Without `onSpill`, `sample()` returns `false`
   * for a value that finds its context full (the caller sends it itself).
   */
  onSpill?: (context: SampleContext) => void;
}

/** Default of {@link AggregatorOptions.maxContexts}. */
export const DEFAULT_MAX_CONTEXTS = 10_000;
/** Default of {@link AggregatorOptions.valuesPerSpill}. */
export const DEFAULT_VALUES_PER_SPILL = 1_000;
/** Default of {@link AggregatorOptions.maxSetMembers}. */
export const DEFAULT_MAX_SET_MEMBERS = 1_000;

/**
 * One flush window of client-side aggregation, protocol-neutral. Every method returns `true` when
 * it absorbed the call and `false` when a bound (`maxContexts`, `maxSetMembers`, a full sample
 * context without `onSpill`) stopped it: the caller must then send that sample at once,
 * unaggregated, so nothing is lost. Exact by default. Methods never throw.
 *
 * @example
 * ```ts
 * const aggregator = new Aggregator({ onSpill: (context) => sendValues(context) });
 * if (!aggregator.counter("jobs", { queue: "a" }, 1, 1)) sendNow("jobs", 1);
 * aggregator.sample(MetricKind.Timer, "db.query", {}, 42, 1);
 * const window = aggregator.drain();
 * ```
 */
export class Aggregator {
  /** Live contexts per window, defaults filled in. */
  readonly maxContexts: number;
  /** Values kept per sample context when sampling was asked for; `undefined`: exact. */
  readonly maxSamplesPerContext: number | undefined;
  /** Values a sample context holds before it is spilled (without sampling). */
  readonly valuesPerSpill: number;
  /** Unique members kept per set context per window, defaults filled in. */
  readonly maxSetMembers: number;
  private readonly onSpill: ((context: SampleContext) => void) | undefined;

  private counters = new ContextStore<CounterContext>();
  private gauges = new ContextStore<GaugeContext>();
  private sets = new ContextStore<SetContext>();
  private sampleStores = new Map<SampleKind, ContextStore<OpenSampleContext>>();
  // The store of the last kind sampled: a transport mostly samples one kind, and this saves a
  // map lookup per value.
  private lastSampleKind: SampleKind | undefined;
  private lastSampleStore: ContextStore<OpenSampleContext> | undefined;
  private samples: OpenSampleContext[] = [];
  /**
   * The last recycled window's value arrays, for this window's new sample contexts: at most
   * `maxContexts`, and those not taken are let go at the next drain.
   */
  private spareValues: number[][] = [];
  private live = 0;
  private overflowed = 0;
  private sampledOut = 0;

  constructor(options: AggregatorOptions = {}) {
    this.maxContexts = positiveInteger("maxContexts", options.maxContexts, DEFAULT_MAX_CONTEXTS);
    this.maxSamplesPerContext =
      options.maxSamplesPerContext === undefined
        ? undefined
        : positiveInteger("maxSamplesPerContext", options.maxSamplesPerContext, 1);
    this.valuesPerSpill = positiveInteger(
      "valuesPerSpill",
      options.valuesPerSpill,
      DEFAULT_VALUES_PER_SPILL,
    );
    this.maxSetMembers = positiveInteger(
      "maxSetMembers",
      options.maxSetMembers,
      DEFAULT_MAX_SET_MEMBERS,
    );
    this.onSpill = options.onSpill;
  }

  /** Live contexts in this window. */
  get size(): number {
    return this.live;
  }

  /** Adds `amount / sampleRate` to the counter of key + tags. */
  counter(key: string, tags: Tags, amount: number, sampleRate: number, unit?: string): boolean {
    const store = this.counters;
    const context = store.find(key, tags);
    if (context !== undefined) {
      context.value += amount / sampleRate;
      context.calls += 1;
      return true;
    }
    if (!this.admit()) return false;
    store.addFound({ key, tags: copyTags(tags), unit, value: amount / sampleRate, calls: 1 });
    return true;
  }

  /** Sets the gauge of key + tags; the last value of the window wins. */
  gauge(key: string, tags: Tags, value: number, unit?: string): boolean {
    const store = this.gauges;
    const context = store.find(key, tags);
    if (context !== undefined) {
      context.value = value;
      return true;
    }
    if (!this.admit()) return false;
    store.addFound({ key, tags: copyTags(tags), unit, value });
    return true;
  }

  /** Adds a member to the set of key + tags (`1` and `"1"` are the same member). */
  set(key: string, tags: Tags, member: string | number): boolean {
    const text = typeof member === "string" ? member : String(member);
    const store = this.sets;
    const context = store.find(key, tags);
    if (context !== undefined) {
      const members = context.members;
      if (members.size >= this.maxSetMembers && !members.has(text)) {
        this.overflowed += 1;
        return false;
      }
      members.add(text);
      return true;
    }
    if (!this.admit()) return false;
    store.addFound({ key, tags: copyTags(tags), unit: undefined, members: new Set([text]) });
    return true;
  }

  /**
   * Adds a distribution / histogram / timer value. Without sampling, a full context is spilled
   * first (or, without `onSpill`, the value is refused). With sampling, returns `true` even when
   * the reservoir leaves the value out: its weight still counts.
   */
  sample(
    kind: SampleKind,
    key: string,
    tags: Tags,
    value: number,
    sampleRate: number,
    unit?: string,
  ): boolean {
    const store = this.sampleStoreOf(kind);
    const context = store.find(key, tags);
    if (context !== undefined) {
      const bound = this.maxSamplesPerContext;
      if (bound === undefined) {
        if (context.kept >= this.valuesPerSpill && !this.spill(context)) return false;
        offerSample(context, value, sampleRate, Number.POSITIVE_INFINITY);
      } else if (!offerSample(context, value, sampleRate, bound)) {
        this.sampledOut += 1;
      }
      return true;
    }
    if (!this.admit()) return false;
    const values = this.spareValues.pop() ?? [];
    values[0] = value;
    const created: OpenSampleContext = {
      kind,
      key,
      tags: copyTags(tags),
      unit,
      values,
      kept: 1,
      seen: 1,
      weight: 1 / sampleRate,
    };
    store.addFound(created);
    this.samples.push(created);
    return true;
  }

  /**
   * Hands over everything this window aggregated and starts an empty window. The window is the
   * caller's until it passes it to `recycle`.
   */
  drain(): AggregatedWindow {
    for (const context of this.samples) closeValues(context);
    // Spares a whole window did not need (a burst is over) are not held any longer.
    this.spareValues.length = 0;
    const counters = this.counters.contexts;
    const finite = counters.filter((context) => Number.isFinite(context.value));
    const window: AggregatedWindow = {
      counters: finite.length === counters.length ? counters : finite,
      nonFinite:
        finite.length === counters.length
          ? []
          : counters.filter((context) => !Number.isFinite(context.value)),
      gauges: this.gauges.contexts,
      sets: this.sets.contexts,
      samples: this.samples,
      overflowed: this.overflowed,
      sampledOut: this.sampledOut,
    };
    this.counters = new ContextStore();
    this.gauges = new ContextStore();
    this.sets = new ContextStore();
    this.sampleStores = new Map();
    this.lastSampleKind = undefined;
    this.lastSampleStore = undefined;
    this.samples = [];
    this.live = 0;
    this.overflowed = 0;
    this.sampledOut = 0;
    return window;
  }

  /**
   * Takes back the value arrays of a drained window, once nothing reads it any more, for the next
   * window's sample contexts to fill instead of growing new ones; those the next window does not
   * take are let go when it is drained. Optional: a window never recycled is simply collected.
   * The window's samples must not be read afterwards.
   */
  recycle(window: AggregatedWindow): void {
    const spare = this.spareValues;
    for (const context of window.samples) {
      if (spare.length >= this.maxContexts) return;
      spare.push(context.values);
    }
  }

  /** Hands a full context to `onSpill` and empties it; false when there is no `onSpill`. */
  private spill(context: OpenSampleContext): boolean {
    if (this.onSpill === undefined) {
      this.overflowed += 1;
      return false;
    }
    closeValues(context);
    this.onSpill(context);
    // Emptied by count: the array keeps its length (`length = 0` would shrink it, and refilling
    // it would regrow it step by step); its entries are overwritten from the start.
    context.kept = 0;
    context.seen = 0;
    context.weight = 0;
    return true;
  }

  private sampleStoreOf(kind: SampleKind): ContextStore<OpenSampleContext> {
    if (kind === this.lastSampleKind && this.lastSampleStore !== undefined) {
      return this.lastSampleStore;
    }
    let store = this.sampleStores.get(kind);
    if (store === undefined) {
      store = new ContextStore<OpenSampleContext>();
      this.sampleStores.set(kind, store);
    }
    this.lastSampleKind = kind;
    this.lastSampleStore = store;
    return store;
  }

  private admit(): boolean {
    if (this.live >= this.maxContexts) {
      this.overflowed += 1;
      return false;
    }
    this.live += 1;
    return true;
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
