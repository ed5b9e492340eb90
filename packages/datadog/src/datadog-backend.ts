import { Aggregator, FlushWindow } from "@metrics/aggregation";
import { type MetricsBackend, reportError, type Tags } from "@metrics/core";
import { WorkerIntake } from "./client/worker-intake.js";
import { MAX_COMPRESSED_BYTES, MAX_UNCOMPRESSED_BYTES } from "./delivery/limits.js";
import { Outbox } from "./delivery/outbox.js";
import { RetryPolicy } from "./delivery/retry-policy.js";
import { type ConstantFields, encodeWindow } from "./encoding/encode-window.js";
import { packPayloads } from "./encoding/pack-payloads.js";
import type { DistributionItem, PayloadKind, SeriesItem } from "./encoding/wire-types.js";
import { normalizeHost, normalizeTag, normalizeTagString } from "./naming/normalize.js";
import { type DatadogBackendOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { Reporter } from "./reporter.js";

/** Reservoir kind shared by distributions and timings: both go out as distribution points. */
const DISTRIBUTION = "distribution";
/** Unique members counted per set context per window. */
const MAX_SET_MEMBERS = 100_000;
/** First retry waits about this long (then doubles, up to `maxRetryDelayMs`). */
const BASE_RETRY_DELAY_MS = 500;
/** Points may be stamped at most this far ahead of the clock (the API takes 10 minutes). */
const MAX_CLOCK_LEAD_SECONDS = 300;

/**
 * Submits metrics to the Datadog HTTP API through `@datadog/datadog-api-client`, which runs on a
 * worker thread started at the first flush. Aggregates in process per window: counters as v2
 * series of type count, gauges as type gauge, sets as a gauge of the unique count; distributions
 * and timings (in ms) as v1 distribution points carrying every value, up to
 * `maxValuesPerContext` per context.
 */
export class DatadogBackend implements MetricsBackend {
  private readonly options: ResolvedOptions;
  private readonly reporter: Reporter;
  private readonly constant: ConstantFields;
  private readonly aggregator: Aggregator;
  private readonly window: FlushWindow;
  private readonly outbox: Outbox;
  private readonly intake: WorkerIntake;
  private units = new Map<string, string>();
  private windowStart = Date.now();
  private lastTimestamp = 0;
  /** Uncompressed / compressed, as last measured; sizes the next bodies. Starts cautious. */
  private compressionRatio = 4;
  private closing: Promise<void> | undefined;

  constructor(options: DatadogBackendOptions = {}) {
    this.options = resolveOptions(options, process.env);
    const { apiKey } = this.options;
    this.reporter = new Reporter(options.onError ?? reportError, apiKey);
    this.constant = {
      host: this.options.host === undefined ? undefined : normalizeHost(this.options.host),
      tags: constantTags(this.options.tags),
    };
    this.aggregator = new Aggregator({
      maxContexts: this.options.maxContexts,
      maxSamplesPerContext: this.options.maxValuesPerContext,
      maxSetMembers: MAX_SET_MEMBERS,
    });
    this.intake = new WorkerIntake({
      apiKey,
      baseUrl: this.options.baseUrl,
      requestTimeoutMs: this.options.requestTimeoutMs,
      onCompressed: (raw, compressed) => {
        if (compressed > 0) this.compressionRatio = raw / compressed;
      },
    });
    this.outbox = new Outbox({
      send: (payload) => this.intake.submit(payload),
      policy: new RetryPolicy({
        baseDelayMs: Math.min(BASE_RETRY_DELAY_MS, this.options.maxRetryDelayMs),
        maxDelayMs: this.options.maxRetryDelayMs,
      }),
      reporter: this.reporter,
      maxQueueBytes: this.options.maxQueueBytes,
      maxRetries: this.options.maxRetries,
      abortInFlight: () => this.intake.abortInFlight(),
      onHold: (holding) => this.intake.hold(holding),
    });
    this.window = new FlushWindow({
      intervalMs: this.options.flushIntervalMs,
      flush: () => this.enqueueWindow(),
      onError: (error) =>
        this.reporter.report("flush", "transport_error", "flush failed", { cause: error }),
    });
  }

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    if (!this.accepts(key, amount)) return;
    if (!this.aggregator.counter(key, tags, amount, sampleRate)) this.overflow(key);
    else if (unit !== undefined) this.units.set(key, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    _sampleRate: number,
    unit: string | undefined,
  ): void {
    if (!this.accepts(key, value)) return;
    if (!this.aggregator.gauge(key, tags, value)) this.overflow(key);
    else if (unit !== undefined) this.units.set(key, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    _unit: string | undefined,
  ): void {
    if (!this.accepts(key, value)) return;
    if (!this.aggregator.sample(DISTRIBUTION, key, tags, value, sampleRate)) this.overflow(key);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    if (!this.accepts(key, seconds)) return;
    // Milliseconds, as the DogStatsD transport sends them, so dashboards survive a switch.
    if (!this.aggregator.sample(DISTRIBUTION, key, tags, seconds * 1000, sampleRate)) {
      this.overflow(key);
    }
  }

  set(key: string, member: string | number, tags: Tags, _sampleRate: number): void {
    if (this.closing !== undefined) this.refuseClosed(key);
    else if (!this.aggregator.set(key, tags, member)) this.overflow(key);
  }

  /** Sends what the window holds now; resolves when the intake accepted it or it was reported lost. */
  async flush(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    await this.window.flush();
    await this.outbox.drain();
  }

  /** Flushes, waits up to `closeTimeoutMs` for delivery and retries, then stops. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await this.window.close();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.closeTimeoutMs);
    });
    await Promise.race([this.outbox.drain(), deadline]);
    clearTimeout(timer);
    this.outbox.stop();
    await this.outbox.drain();
    this.intake.destroy();
  }

  private accepts(key: string, value: number): boolean {
    if (this.closing !== undefined) {
      this.refuseClosed(key);
      return false;
    }
    if (Number.isFinite(value)) return true;
    this.reporter.report("invalid_value", "invalid_value", `non-finite value for ${key} not sent`, {
      key,
      dropped: 1,
    });
    return false;
  }

  private refuseClosed(key: string): void {
    this.reporter.report("closed", "closed", `metric ${key} emitted after close() was dropped`, {
      key,
      dropped: 1,
    });
  }

  private overflow(key: string): void {
    this.reporter.report(
      "max_contexts",
      "dropped",
      `maxContexts (${this.options.maxContexts}) or set bound reached this window: ${key} dropped`,
      { key, dropped: 1 },
    );
  }

  /** Drains the aggregator into payloads on the outbox (does not wait for delivery). */
  private enqueueWindow(): void {
    const now = Date.now();
    const window = this.aggregator.drain();
    const units = this.units;
    this.units = new Map();
    const intervalSeconds = Math.max(1, Math.round((now - this.windowStart) / 1000));
    this.windowStart = now;
    if (
      window.counters.length + window.gauges.length + window.sets.length + window.samples.length ===
      0
    ) {
      return;
    }
    const timestamp = this.nextTimestamp(now);
    const encoded = encodeWindow(
      {
        window,
        units,
        timestamp,
        intervalSeconds,
        maxValuesPerContext: this.options.maxValuesPerContext,
      },
      this.constant,
    );
    for (const key of encoded.invalidKeys) {
      this.reporter.report(
        "invalid_key",
        "invalid_key",
        `metric name ${JSON.stringify(key)} has no valid characters`,
        { key },
      );
    }
    if (encoded.nonFinite > 0) {
      this.reporter.report(
        "invalid_value",
        "invalid_value",
        "aggregated value overflowed to a non-finite number",
        {
          dropped: encoded.nonFinite,
        },
      );
    }
    this.enqueueItems("series", encoded.series, timestamp);
    this.enqueueItems("distribution", encoded.distributions, timestamp);
  }

  private enqueueItems(
    kind: PayloadKind,
    items: SeriesItem[] | DistributionItem[],
    timestamp: number,
  ): void {
    if (items.length === 0) return;
    // Sized so the compressed body should stay under its limit; if it does not, the request
    // layer refuses to send it and the outbox splits it in two.
    const maxBytes = Math.min(
      MAX_UNCOMPRESSED_BYTES,
      Math.floor(MAX_COMPRESSED_BYTES * this.compressionRatio * 0.9),
    );
    const packed = packPayloads(kind, items as never[], maxBytes);
    if (packed.oversized > 0) {
      this.reporter.report(
        "oversized",
        "dropped",
        `${packed.oversized} ${kind} items larger than a request on their own`,
        {
          dropped: packed.oversized,
        },
      );
    }
    for (const payload of packed.payloads) void this.outbox.add(payload, timestamp);
  }

  /**
   * The window's timestamp: now, in seconds, but always after the previous window's, so that two
   * flushes in one second never give a context two points with one timestamp (the intake keeps
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

function constantTags(tags: Readonly<Record<string, string>> | readonly string[]): string[] {
  if (Array.isArray(tags)) return tags.map((tag) => normalizeTagString(String(tag)));
  const record = tags as Readonly<Record<string, string>>;
  return Object.keys(record).map((key) => normalizeTag(key, String(record[key])));
}
