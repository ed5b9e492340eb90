/**
 * Tags as a backend receives them: already merged, filtered and stringified. Read-only, and
 * possibly the caller's own object: a backend copies what it keeps beyond the call.
 */
export type Tags = Readonly<Record<string, string>>;

/** A tag value as callers give it; `null` and `undefined` drop the tag. */
export type TagValue = string | number | boolean | null | undefined;

/** Tags as callers give them. */
export type TagInput = Readonly<Record<string, TagValue>>;

/**
 * What a transport implements. The facade calls it with keys already prefixed, tags already
 * merged and filtered, values already validated and samples already kept (with their rate).
 *
 * Methods are synchronous and must never throw. `flush()` and `close()` settle once buffered
 * data has left the process or is known lost (and reported). A backend never keeps the process
 * alive on its own and never grows without bound. Calls after `close()` are dropped and
 * reported with the code `closed`.
 */
export interface MetricsBackend {
  /** A counter increment of `amount` (already kept with probability `sampleRate`). */
  incr(key: string, amount: number, tags: Tags, sampleRate: number, unit: string | undefined): void;
  /** A gauge: the last value wins. */
  gauge(key: string, value: number, tags: Tags, sampleRate: number, unit: string | undefined): void;
  /** A value of a distribution: every value counts. */
  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void;
  /** A duration in seconds. */
  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void;
  /** A member of a set: the number of unique members per flush window counts. */
  set(key: string, member: string | number, tags: Tags, sampleRate: number): void;
  /**
   * An event (Sentry's `metrics.event`, DogStatsD's `_e{…}`), with global and scoped tags merged
   * into `tags`. Optional: the facade reports `unsupported` once per backend that lacks it.
   */
  event?(title: string, text: string, tags: Tags, options: EventOptions): void;
  /** Sends everything buffered; settles when it left the process or was reported lost. */
  flush(): Promise<void>;
  /** Flushes, then releases sockets and timers. Later calls are dropped and reported. */
  close(): Promise<void>;
}

/** What an event carries besides its title, text and tags (Datadog's event fields). */
export interface EventOptions {
  /** Severity shown by the destination; `info` where not given. */
  readonly alertType?: "error" | "warning" | "info" | "success";
  /** Groups events into one stream entry. */
  readonly aggregationKey?: string;
  /** Where the event came from (`source_type_name`). */
  readonly sourceTypeName?: string;
  /** `normal` where not given. */
  readonly priority?: "normal" | "low";
  /** When it happened; now where not given. */
  readonly timestamp?: Date;
  /** The host it concerns. */
  readonly hostname?: string;
}
