import { type Context, ContextStore } from "./context-store.js";
import { offerSample, type SampleContext } from "./sample-reservoir.js";
import { copyTags, type Tags } from "./tags.js";

/** A counter context: `value` is the sum of `amount / sampleRate` over the window. */
export interface CounterContext extends Context {
  /** The sum so far of `amount / sampleRate`. */
  value: number;
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
  /** Counter contexts of the window. */
  readonly counters: readonly CounterContext[];
  /** Gauge contexts of the window. */
  readonly gauges: readonly GaugeContext[];
  /** Set contexts of the window. */
  readonly sets: readonly SetContext[];
  /** Distribution, histogram and timer contexts of every kind, each tagged with its `kind`. */
  readonly samples: readonly SampleContext[];
  /** Calls refused (returned `false`) because a bound was reached; the caller sent them itself. */
  readonly overflowed: number;
  /** Sample values the reservoirs left out (their weight is kept in the effective sample rate). */
  readonly sampledOut: number;
}

/** Bounds of an {@link Aggregator}; every one is per flush window. */
export interface AggregatorOptions {
  /** Live contexts (of all kinds together) per window. Default 10,000. */
  maxContexts?: number;
  /** Values kept per distribution/histogram/timer context per window. Default 1,000. */
  maxSamplesPerContext?: number;
  /** Unique members kept per set context per window. Default 1,000. */
  maxSetMembers?: number;
  /**
   * What happens to a sample context that holds `maxSamplesPerContext` values when another
   * arrives. Without `onSpill`, reservoir sampling (with an adjusted effective rate). With it,
   * the full context is handed to `onSpill` (which must send its values synchronously: they are
   * cleared when it returns) and the window goes on, so every value is delivered.
   */
  onSpill?: (context: SampleContext) => void;
}

/** Default of {@link AggregatorOptions.maxContexts}. */
export const DEFAULT_MAX_CONTEXTS = 10_000;
/** Default of {@link AggregatorOptions.maxSamplesPerContext}. */
export const DEFAULT_MAX_SAMPLES_PER_CONTEXT = 1_000;
/** Default of {@link AggregatorOptions.maxSetMembers}. */
export const DEFAULT_MAX_SET_MEMBERS = 1_000;

/**
 * One flush window of client-side aggregation, protocol-neutral. Every method returns `true` when
 * it absorbed the call and `false` when a bound (`maxContexts`, `maxSetMembers`) stopped it: the
 * caller must then send that sample at once, unaggregated, so nothing is lost. Methods never throw.
 */
export class Aggregator {
  /** Live contexts per window, defaults filled in. */
  readonly maxContexts: number;
  /** Values kept per sample context per window, defaults filled in. */
  readonly maxSamplesPerContext: number;
  /** Unique members kept per set context per window, defaults filled in. */
  readonly maxSetMembers: number;
  private readonly onSpill: ((context: SampleContext) => void) | undefined;

  private counters = new ContextStore<CounterContext>();
  private gauges = new ContextStore<GaugeContext>();
  private sets = new ContextStore<SetContext>();
  private sampleStores = new Map<string, ContextStore<SampleContext>>();
  // The store of the last kind sampled: a transport mostly samples one kind, and this saves a
  // map lookup per value.
  private lastSampleKind = "";
  private lastSampleStore: ContextStore<SampleContext> | undefined;
  private samples: SampleContext[] = [];
  private live = 0;
  private overflowed = 0;
  private sampledOut = 0;

  constructor(options: AggregatorOptions = {}) {
    this.maxContexts = positiveInteger("maxContexts", options.maxContexts, DEFAULT_MAX_CONTEXTS);
    this.maxSamplesPerContext = positiveInteger(
      "maxSamplesPerContext",
      options.maxSamplesPerContext,
      DEFAULT_MAX_SAMPLES_PER_CONTEXT,
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
  counter(key: string, tags: Tags, amount: number, sampleRate: number): boolean {
    const store = this.counters;
    const context = store.find(key, tags);
    if (context !== undefined) {
      context.value += amount / sampleRate;
      return true;
    }
    if (!this.admit()) return false;
    store.addFound({ key, tags: copyTags(tags), value: amount / sampleRate });
    return true;
  }

  /** Sets the gauge of key + tags; the last value of the window wins. */
  gauge(key: string, tags: Tags, value: number): boolean {
    const store = this.gauges;
    const context = store.find(key, tags);
    if (context !== undefined) {
      context.value = value;
      return true;
    }
    if (!this.admit()) return false;
    store.addFound({ key, tags: copyTags(tags), value });
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
    store.addFound({ key, tags: copyTags(tags), members: new Set([text]) });
    return true;
  }

  /**
   * Adds a distribution / histogram / timer value (`kind` is the transport's name for it).
   * Returns `true` even when the reservoir leaves the value out: its weight still counts.
   * A full context is spilled first when `onSpill` is set.
   */
  sample(kind: string, key: string, tags: Tags, value: number, sampleRate: number): boolean {
    const store = this.sampleStoreOf(kind);
    const context = store.find(key, tags);
    if (context !== undefined) {
      if (this.onSpill !== undefined && context.values.length >= this.maxSamplesPerContext) {
        this.onSpill(context);
        context.values.length = 0;
        context.seen = 0;
        context.weight = 0;
      }
      if (!offerSample(context, value, sampleRate, this.maxSamplesPerContext)) this.sampledOut += 1;
      return true;
    }
    if (!this.admit()) return false;
    const created: SampleContext = {
      kind,
      key,
      tags: copyTags(tags),
      values: [value],
      seen: 1,
      weight: 1 / sampleRate,
    };
    store.addFound(created);
    this.samples.push(created);
    return true;
  }

  /** Hands over everything this window aggregated and starts an empty window. */
  drain(): AggregatedWindow {
    const window: AggregatedWindow = {
      counters: this.counters.contexts,
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
    this.lastSampleKind = "";
    this.lastSampleStore = undefined;
    this.samples = [];
    this.live = 0;
    this.overflowed = 0;
    this.sampledOut = 0;
    return window;
  }

  private sampleStoreOf(kind: string): ContextStore<SampleContext> {
    if (kind === this.lastSampleKind && this.lastSampleStore !== undefined) {
      return this.lastSampleStore;
    }
    let store = this.sampleStores.get(kind);
    if (store === undefined) {
      store = new ContextStore<SampleContext>();
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
