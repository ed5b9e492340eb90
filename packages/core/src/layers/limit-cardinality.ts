// Imported through the main entry, which the build keeps external: one copy of each class.
import {
  type ErrorHandler,
  type EventOptions,
  type MetricsBackend,
  MetricsError,
  type Tags,
} from "../index.js";
import {
  childOf,
  countMiss,
  find,
  pairsOf,
  remember,
  sortedByName,
  TagSetNode,
} from "./tag-set-trie.js";
import { checkBackend, forwardEvent, handlerOf, mistake, settleEach } from "./wrapped-backends.js";

/** Options of {@link limitCardinality}. */
export interface CardinalityOptions {
  /** Distinct tag sets per key and window; past it metrics go out under `OVERFLOW_TAGS`. */
  readonly maxTagSets: number;
  /** A cap of its own for some keys (as the backend receives them, with the prefix). */
  readonly perKey?: Readonly<Record<string, number>>;
  /** The window, in ms; default one hour, the period Datadog bills custom metrics by. */
  readonly windowMs?: number;
  /** Receives the `cardinality` reports; default: the facade's `onError`. */
  readonly onError?: ErrorHandler;
}

/** The one tag set a key's metrics go out under past its cap (OpenTelemetry's overflow rule). */
export const OVERFLOW_TAGS: Tags = Object.freeze({ metric_overflow: "true" });

const HOUR_MS = 3_600_000;

/** What a key holds within one window. */
class KeyWindow {
  readonly root = new TagSetNode();
  /** Distinct tag sets admitted. */
  admitted = 0;
  /** Paths remembered in an order other than names sorted: at most 3 per admitted tag set. */
  otherOrders = 0;
  reported = false;
  constructor(readonly cap: number) {}
}

function isCap(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

/**
 * Caps the distinct tag sets of each key within a window (OpenTelemetry's cardinality limit):
 * past `maxTagSets`, a new tag set's metrics go out under the single tag set
 * `{ metric_overflow: "true" }`, so totals stay right; the first overflow of each key per window
 * is reported with the code `cardinality`. Events pass through.
 *
 * @example
 * ```ts
 * import { limitCardinality } from "@metrics/core/layers";
 * configure({ backend: limitCardinality(new DogStatsdBackend(), { maxTagSets: 1000 }) });
 * ```
 */
export function limitCardinality(
  backend: MetricsBackend,
  options: CardinalityOptions,
): MetricsBackend {
  const { maxTagSets, perKey = {}, windowMs = HOUR_MS, onError } = options ?? ({} as never);
  if (!isCap(maxTagSets)) {
    throw mistake(
      "limitCardinality",
      `maxTagSets must be a positive integer, got ${String(maxTagSets)}`,
    );
  }
  for (const [key, cap] of Object.entries(perKey)) {
    if (!isCap(cap)) {
      throw mistake(
        "limitCardinality",
        `perKey["${key}"] must be a positive integer, got ${String(cap)}`,
      );
    }
  }
  if (!(Number.isFinite(windowMs) && windowMs >= 1)) {
    throw mistake(
      "limitCardinality",
      `windowMs must be a positive number, got ${String(windowMs)}`,
    );
  }
  if (onError !== undefined && typeof onError !== "function") {
    throw mistake("limitCardinality", "onError must be a function");
  }
  return new CardinalityLimit(
    checkBackend("limitCardinality", "backend", backend),
    maxTagSets,
    new Map(Object.entries(perKey)),
    windowMs,
    handlerOf(onError),
  );
}

class CardinalityLimit implements MetricsBackend {
  readonly #backend: MetricsBackend;
  readonly #maxTagSets: number;
  readonly #perKey: ReadonlyMap<string, number>;
  readonly #windowMs: number;
  readonly #onError: ErrorHandler;
  readonly #eventless = new WeakSet<MetricsBackend>();
  #keys = new Map<string, KeyWindow>();
  /** The last key's window: a hot loop often emits one key many times. */
  #lastKey: string | undefined;
  #lastWindow: KeyWindow | undefined;
  /** Starts a new window: unref'd, so it never keeps the process alive. */
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    backend: MetricsBackend,
    maxTagSets: number,
    perKey: ReadonlyMap<string, number>,
    windowMs: number,
    onError: ErrorHandler,
  ) {
    this.#backend = backend;
    this.#maxTagSets = maxTagSets;
    this.#perKey = perKey;
    this.#windowMs = windowMs;
    this.#onError = onError;
    this.#timer = setInterval(() => {
      this.#keys = new Map();
      this.#lastKey = undefined;
      this.#lastWindow = undefined;
    }, windowMs);
    this.#timer.unref();
  }

  /** `tags` when its tag set is admitted for `key` in this window, else `OVERFLOW_TAGS`. */
  #limit(key: string, tags: Tags): Tags {
    const window = key === this.#lastKey ? this.#lastWindow! : this.#windowOf(key);
    // The layer's whole cost per call: a `for...in` and, per tag, a compare or a keyed load.
    let node = window.root;
    for (const name in tags) {
      const value = tags[name]!;
      // `childOf`, written out for the common case: calling it costs ~1.5 ns more per call on
      // Node 20 (measured). Other names and values moved to a Map take the call.
      let next: TagSetNode | undefined;
      if (name !== node.fastName) next = childOf(node, name, value);
      else if (node.onlyChild !== null && value === node.onlyValue) next = node.onlyChild;
      else next = node.values[value];
      if (next === undefined) return this.#admit(window, key, tags, node);
      node = next;
    }
    return node.admitted ? tags : this.#admit(window, key, tags, undefined);
  }

  #windowOf(key: string): KeyWindow {
    let window = this.#keys.get(key);
    if (window === undefined) {
      window = new KeyWindow(this.#perKey.get(key) ?? this.#maxTagSets);
      this.#keys.set(key, window);
    }
    this.#lastKey = key;
    this.#lastWindow = window;
    return window;
  }

  /** A tag set not met in this order yet: admitted if known or under the cap, else overflow. */
  #admit(window: KeyWindow, key: string, tags: Tags, missedAt: TagSetNode | undefined): Tags {
    const pairs = pairsOf(tags);
    const sorted = sortedByName(pairs);
    const pastCap = window.admitted >= window.cap;
    // In sorted order, the walk that missed was already the walk of the set's own path.
    if (sorted !== pairs && find(window.root, sorted, pastCap)?.admitted) {
      // Known in another order: remember this one too, a bounded number of orders per set.
      if (window.otherOrders < window.admitted * 3) {
        remember(window.root, pairs);
        window.otherOrders++;
      }
      return tags;
    }
    if (pastCap) {
      if (missedAt !== undefined) countMiss(missedAt);
      return this.#overflow(window, key);
    }
    window.admitted++;
    // The order it came in first: the first path through a node takes its one-compare branch,
    // and callers tend to repeat their order.
    if (sorted !== pairs) {
      remember(window.root, pairs);
      window.otherOrders++;
    }
    remember(window.root, sorted);
    return tags;
  }

  #overflow(window: KeyWindow, key: string): Tags {
    if (!window.reported) {
      window.reported = true;
      const message =
        `"${key}" passed ${window.cap} distinct tag sets in this window of ${describeWindow(this.#windowMs)}; ` +
        "new tag sets go out as metric_overflow:true until it ends";
      this.#onError(new MetricsError("cardinality", message, { key }));
    }
    return OVERFLOW_TAGS;
  }

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#backend.incr(key, amount, this.#limit(key, tags), sampleRate, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#backend.gauge(key, value, this.#limit(key, tags), sampleRate, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#backend.distribution(key, value, this.#limit(key, tags), sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    this.#backend.timing(key, seconds, this.#limit(key, tags), sampleRate);
  }

  set(key: string, member: string | number, tags: Tags, sampleRate: number): void {
    this.#backend.set(key, member, this.#limit(key, tags), sampleRate);
  }

  event(title: string, text: string, tags: Tags, options: EventOptions): void {
    forwardEvent(this.#backend, this.#eventless, this.#onError, [title, text, tags, options]);
  }

  flush(): Promise<void> {
    return settleEach([this.#backend], "flush", this.#onError);
  }

  close(): Promise<void> {
    clearInterval(this.#timer);
    return settleEach([this.#backend], "close", this.#onError);
  }
}

/** A window as a person reads it: `1 h`, `10 min`, `40 ms`. */
function describeWindow(ms: number): string {
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms} ms`;
}
