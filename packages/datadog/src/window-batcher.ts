import { Aggregator, MetricKind, type SampleContext, type Tags } from "@metrics/aggregation";
import type { TransportErrors } from "@metrics/transport";
import { MAX_COMPRESSED_BYTES, MAX_UNCOMPRESSED_BYTES } from "./delivery/limits.js";
import { type ConstantFields, encodeWindow } from "./encoding/encode-window.js";
import { type PayloadKind, packPayloads } from "./encoding/pack-payloads.js";
import { distributionPieces, type Piece } from "./encoding/wire-pieces.js";
import { normalizeMetricName, normalizeTag } from "./naming/normalize.js";

/** Sample kind shared by distributions and timings: both go out as distribution points. */
const DISTRIBUTION = MetricKind.Distribution;
/** What a call records (a small integer: the hot path switches on it). */
export const COUNTER = 0;
export const GAUGE = 1;
export const SAMPLE = 2;
export const SET = 3;
export type CallType = typeof COUNTER | typeof GAUGE | typeof SAMPLE | typeof SET;
/** Values a distribution context holds before they are sent early (exact mode). */
const SPILL_VALUES = 1000;
/** Spilled distribution items are packed and queued once they reach about this many bytes. */
const SPILL_BATCH_BYTES = 1_000_000;
/** Points may be stamped at most this far ahead of the clock (the API takes 10 minutes). */
const MAX_CLOCK_LEAD_SECONDS = 300;

export interface WindowBatcherOptions {
  readonly constant: ConstantFields;
  readonly maxContexts: number;
  readonly maxSetMembers: number;
  /** Opt-in sampling bound; `undefined`: exact (full contexts are sent early). */
  readonly maxSamplesPerContext: number | undefined;
  readonly errors: TransportErrors;
  /** Queues encoded items of one endpoint. */
  readonly enqueue: (kind: PayloadKind, items: Piece[], timestamp: number) => void;
}

/**
 * The aggregation side of the backend: holds one window of contexts and turns it into items.
 * Memory is bounded by sending early, never by sampling (unless `maxSamplesPerContext` asks for
 * it): a distribution context is encoded and queued every 1000 values, and a window that reaches
 * `maxContexts` is sent whole and a new one starts.
 *
 * @example
 * const batcher = new WindowBatcher({ constant, maxContexts: 10_000, maxSetMembers: 1000, maxSamplesPerContext: undefined, errors, enqueue });
 * batcher.aggregator.counter("hits", {}, 1, 1);
 * batcher.sendWindow();
 */
export class WindowBatcher {
  readonly aggregator: Aggregator;
  private readonly options: WindowBatcherOptions;
  private spilled: Piece[] = [];
  private spilledBytes = 0;
  private windowStart = Date.now();
  private lastTimestamp = 0;
  private timestamp = 0;
  /** Uncompressed / compressed, as last measured; sizes the next bodies. Starts cautious. */
  compressionRatio = 4;

  constructor(options: WindowBatcherOptions) {
    this.options = options;
    this.aggregator = new Aggregator({
      maxContexts: options.maxContexts,
      maxSamplesPerContext: options.maxSamplesPerContext,
      maxSetMembers: options.maxSetMembers,
      valuesPerSpill: SPILL_VALUES,
      onSpill: (context) => this.spill(context),
    });
    this.timestamp = this.nextTimestamp(Date.now());
  }

  /** Whether the window holds anything not yet queued. */
  get pending(): boolean {
    return this.aggregator.size > 0 || this.spilled.length > 0;
  }

  /** Most bytes of one body: under 5 MB raw and, by the last ratio, under 500 kB compressed. */
  bodyBytes(): number {
    return Math.min(
      MAX_UNCOMPRESSED_BYTES,
      Math.floor(MAX_COMPRESSED_BYTES * this.compressionRatio * 0.9),
    );
  }

  /**
   * Records one call in the window. At `maxContexts` (or a set's member bound) the window is sent
   * early and the call goes into the new one. Never throws; what it drops is reported. No closure
   * per call: this is the hot path.
   */
  record(
    type: CallType,
    key: string,
    tags: Tags,
    value: number | string,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    const { errors } = this.options;
    try {
      if (this.offer(type, key, tags, value, sampleRate, unit)) return;
      this.sendWindow();
      if (this.offer(type, key, tags, value, sampleRate, unit)) return;
      errors.report("dropped", `dropped:${key}`, "no room even in a new window", {
        key,
        dropped: 1,
      });
    } catch (error) {
      errors.report("invalid_value", `call_failed:${key}`, "metric dropped", {
        key,
        dropped: 1,
        cause: error,
      });
    }
  }

  /** One call into the aggregator; `false` when a bound stopped it. */
  private offer(
    type: CallType,
    key: string,
    tags: Tags,
    value: number | string,
    sampleRate: number,
    unit: string | undefined,
  ): boolean {
    const aggregator = this.aggregator;
    switch (type) {
      case COUNTER:
        return aggregator.counter(key, tags, value as number, sampleRate, unit);
      case GAUGE:
        return aggregator.gauge(key, tags, value as number, unit);
      case SAMPLE:
        return aggregator.sample(DISTRIBUTION, key, tags, value as number, sampleRate, unit);
      default:
        return aggregator.set(key, tags, value);
    }
  }

  /** Encodes the window and queues its items (does not wait for delivery); starts a new one. */
  sendWindow(): void {
    const now = Date.now();
    const window = this.aggregator.drain();
    const intervalSeconds = Math.max(1, Math.round((now - this.windowStart) / 1000));
    this.windowStart = now;
    const timestamp = this.timestamp;
    this.timestamp = this.nextTimestamp(now);
    this.sendSpilled(timestamp);
    if (window.sampledOut > 0) {
      this.options.errors.report(
        "dropped",
        "sampled",
        "distribution values left out by maxSamplesPerContext",
        { dropped: window.sampledOut },
      );
    }
    const encoded = encodeWindow({ window, timestamp, intervalSeconds }, this.options.constant);
    this.aggregator.recycle(window);
    const { errors } = this.options;
    for (const key of encoded.invalidKeys) {
      errors.report("invalid_key", `invalid_key:${key}`, "metric name has no valid characters", {
        key,
      });
    }
    for (const context of window.nonFinite) {
      errors.report(
        "invalid_value",
        `non_finite:${context.key}`,
        "counter sum is not finite; not sent",
        {
          key: context.key,
          dropped: context.calls,
        },
      );
    }
    for (const [key, dropped] of encoded.nonFinite) {
      errors.report("invalid_value", `invalid_value:${key}`, "aggregated value is not finite", {
        key,
        dropped,
      });
    }
    for (const [key, cause] of encoded.failed) {
      errors.report("invalid_value", `encode_failed:${key}`, "context could not be encoded", {
        key,
        dropped: 1,
        cause,
      });
    }
    this.options.enqueue("series", encoded.series, timestamp);
    this.options.enqueue("distribution", encoded.distributions, timestamp);
  }

  /** A full distribution context (exact mode): its values become items now. */
  private spill(context: SampleContext): void {
    try {
      const metric = normalizeMetricName(context.key);
      if (metric === "") return;
      const tags = [...this.options.constant.tags];
      for (const key in context.tags) tags.push(normalizeTag(key, context.tags[key] as string));
      tags.sort();
      const unique = tags.filter((tag, i) => i === 0 || tag !== tags[i - 1]);
      const frame = { timestamp: this.timestamp, host: this.options.constant.host };
      for (const piece of distributionPieces(frame, metric, context.values, unique)) {
        this.spilled.push(piece);
        this.spilledBytes += piece.bytes;
      }
      if (this.spilledBytes >= SPILL_BATCH_BYTES) this.sendSpilled(this.timestamp);
    } catch (error) {
      this.options.errors.report(
        "invalid_value",
        `encode_failed:${context.key}`,
        "context could not be encoded",
        {
          key: context.key,
          dropped: context.values.length,
          cause: error,
        },
      );
    }
  }

  private sendSpilled(timestamp: number): void {
    if (this.spilled.length === 0) return;
    const items = this.spilled;
    this.spilled = [];
    this.spilledBytes = 0;
    this.options.enqueue("distribution", items, timestamp);
  }

  /**
   * A window's timestamp: now, in seconds, but always after the previous window's, so that two
   * windows in one second never give a context two points with one timestamp (the intake keeps
   * only one of them).
   */
  private nextTimestamp(now: number): number {
    const seconds = Math.floor(now / 1000);
    const next = Math.min(
      Math.max(seconds, this.lastTimestamp + 1),
      seconds + MAX_CLOCK_LEAD_SECONDS,
    );
    this.lastTimestamp = next;
    return next;
  }
}

/**
 * Packs items of one endpoint into bodies; oversized items are reported with their points.
 *
 * @example
 * for (const payload of packFor("series", items, 4_000_000, errors)) void outbox.add(payload, timestamp);
 */
export function packFor(
  kind: PayloadKind,
  items: Piece[],
  maxBytes: number,
  errors: TransportErrors,
): ReturnType<typeof packPayloads>["payloads"] {
  const packed = packPayloads(kind, items, maxBytes);
  if (packed.oversized > 0) {
    errors.report(
      "dropped",
      `${kind}:oversized`,
      `${kind} items larger than a request on their own`,
      {
        dropped: packed.oversizedPoints,
      },
    );
  }
  return packed.payloads;
}
