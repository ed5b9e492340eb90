import { FlushWindow } from "@metrics/aggregation";
import { type EventOptions, type MetricsBackend, reportError, type Tags } from "@metrics/core";
import { IntakeClient } from "./client/intake-client.js";
import { Outbox } from "./delivery/outbox.js";
import { RetryPolicy } from "./delivery/retry-policy.js";
import { eventBody } from "./encoding/event-body.js";
import { type PayloadKind, payloadOf } from "./encoding/pack-payloads.js";
import type { Piece } from "./encoding/wire-pieces.js";
import { normalizeHost, normalizeTag, normalizeTagString } from "./naming/normalize.js";
import { type DatadogBackendOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { Reporter } from "./reporter.js";
import { DISTRIBUTION, packFor, WindowBatcher } from "./window-batcher.js";

/** First retry waits about this long (then doubles, up to `maxRetryDelayMs`). */
const BASE_RETRY_DELAY_MS = 500;
/** Events queued per window at most; more are dropped and reported. */
const MAX_EVENTS_PER_WINDOW = 1000;
const KINDS: readonly PayloadKind[] = ["series", "distribution", "event"];

/**
 * Submits metrics to the Datadog HTTP API on the main thread, through the API client's common
 * layer (sites, authentication) and our own encoder. Aggregates per window: counters as v2
 * series of type count, gauges as type gauge, sets as a gauge of the unique count; distributions
 * and timings (in ms) as v1 distribution points carrying every value; events to v1 events.
 * Each endpoint has its own queue. Calls never throw; failures go to `onError`.
 *
 * @example
 * import { configure } from "@metrics/core";
 * import { DatadogBackend } from "@metrics/datadog";
 * configure({ backend: new DatadogBackend({ apiKey: process.env.DD_API_KEY, site: "datadoghq.eu" }) });
 */
export class DatadogBackend implements MetricsBackend {
  readonly #options: ResolvedOptions;
  readonly #reporter: Reporter;
  readonly #client: IntakeClient;
  readonly #outboxes: Record<PayloadKind, Outbox>;
  readonly #batcher: WindowBatcher;
  readonly #window: FlushWindow;
  readonly #constantTags: readonly string[];
  #eventsThisWindow = 0;
  #closing: Promise<void> | undefined;
  #flushedAtExit = false;
  readonly #onBeforeExit = () => {
    // Once: the flush's own requests end by emptying the loop again.
    if (this.#flushedAtExit || this.#closing !== undefined) return;
    this.#flushedAtExit = true;
    void this.flush();
  };

  constructor(options: DatadogBackendOptions = {}) {
    const { apiKey, options: resolved } = resolveOptions(options, process.env);
    this.#options = resolved;
    this.#reporter = new Reporter(options.onError ?? reportError, apiKey);
    this.#constantTags = constantTags(resolved.tags);
    const host = resolved.host === undefined ? undefined : normalizeHost(resolved.host);
    this.#client = new IntakeClient({
      apiKey,
      origin: resolved.origin,
      site: resolved.site,
      requestTimeoutMs: resolved.requestTimeoutMs,
      agent: resolved.agent,
      proxy: resolved.proxy,
      onCompressed: (raw, compressed) => {
        if (compressed > 0) this.#batcher.compressionRatio = raw / compressed;
      },
    });
    const policy = new RetryPolicy({
      baseDelayMs: Math.min(BASE_RETRY_DELAY_MS, resolved.maxRetryDelayMs),
      maxDelayMs: resolved.maxRetryDelayMs,
    });
    const outbox = () =>
      new Outbox({
        send: (payload) => this.#client.submit(payload),
        policy,
        reporter: this.#reporter,
        // Shared by the three queues (each gets its part), so the total stays under the option.
        maxQueueBytes: Math.max(1, Math.floor(resolved.maxQueueBytes / KINDS.length)),
        maxRetries: resolved.maxRetries,
        abortInFlight: () => this.#client.abortInFlight(),
      });
    this.#outboxes = { series: outbox(), distribution: outbox(), event: outbox() };
    this.#batcher = new WindowBatcher({
      constant: { host, tags: this.#constantTags },
      maxContexts: resolved.maxContexts,
      maxSamplesPerContext: resolved.maxSamplesPerContext,
      reporter: this.#reporter,
      enqueue: (kind, items, timestamp) => this.#enqueue(kind, items, timestamp),
    });
    this.#window = new FlushWindow({
      intervalMs: resolved.flushIntervalMs,
      flush: () => {
        this.#eventsThisWindow = 0;
        this.#batcher.sendWindow();
        this.#reporter.settle();
      },
      onError: (error) =>
        this.#reporter.report("flush", "transport_error", "flush failed", { cause: error }),
    });
    process.on("beforeExit", this.#onBeforeExit);
  }

  incr(key: string, amount: number, tags: Tags, sampleRate: number, unit?: string): void {
    if (!this.#accepts(key, amount, unit)) return;
    this.#absorb(key, () => this.#batcher.aggregator.counter(key, tags, amount, sampleRate), unit);
  }

  gauge(key: string, value: number, tags: Tags, _sampleRate: number, unit?: string): void {
    if (!this.#accepts(key, value, unit)) return;
    this.#absorb(key, () => this.#batcher.aggregator.gauge(key, tags, value), unit);
  }

  distribution(key: string, value: number, tags: Tags, sampleRate: number, unit?: string): void {
    if (!this.#accepts(key, value, unit)) return;
    const { aggregator } = this.#batcher;
    this.#absorb(key, () => aggregator.sample(DISTRIBUTION, key, tags, value, sampleRate));
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    if (!this.#accepts(key, seconds, undefined)) return;
    // Milliseconds, as the DogStatsD transport sends them, so dashboards survive a switch.
    const ms = seconds * 1000;
    const { aggregator } = this.#batcher;
    this.#absorb(key, () => aggregator.sample(DISTRIBUTION, key, tags, ms, sampleRate));
  }

  set(key: string, member: string | number, tags: Tags, _sampleRate: number): void {
    if (this.#closing !== undefined) {
      this.#refuseClosed(key);
      return;
    }
    this.#absorb(key, () => this.#batcher.aggregator.set(key, tags, member));
  }

  /** An event to `/api/v1/events`, sent with the window's next flush. */
  event(title: string, text: string, tags: Tags, options: EventOptions): void {
    try {
      if (this.#closing !== undefined) {
        this.#refuseClosed(title);
        return;
      }
      if (this.#eventsThisWindow >= MAX_EVENTS_PER_WINDOW) {
        this.#reporter.report("events_full", "dropped", "more events this window than 1000", {
          dropped: 1,
        });
        return;
      }
      this.#eventsThisWindow += 1;
      const list = [...this.#constantTags];
      for (const key in tags) list.push(normalizeTag(key, String(tags[key])));
      const json = eventBody(String(title), String(text), list, options ?? {}, this.#options.host);
      const piece: Piece = { json, points: 1 };
      void this.#outboxes.event.add(payloadOf("event", [piece]), Math.floor(Date.now() / 1000));
    } catch (error) {
      this.#reporter.report("event_failed", "invalid_value", "event dropped", {
        dropped: 1,
        cause: error,
      });
    }
  }

  /**
   * Sends what the window holds and waits for delivery, at most `flushTimeoutMs`: then it
   * resolves and what is not delivered yet stays queued (retried, or reported lost).
   */
  async flush(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    await this.#window.flush();
    await this.#within(this.#options.flushTimeoutMs, this.#drainAll());
    this.#reporter.settle();
  }

  /**
   * Flushes, brings every waiting retry forward, and waits at most `closeTimeoutMs` in all; then
   * aborts what is in flight and reports what was not delivered. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** What `util.inspect`, `console.log` and `JSON.stringify` show: no API key. */
  toJSON(): Record<string, unknown> {
    const { origin, flushIntervalMs, host } = this.#options;
    return {
      backend: "datadog",
      origin,
      host,
      flushIntervalMs,
      closed: this.#closing !== undefined,
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `DatadogBackend ${JSON.stringify(this.toJSON())}`;
  }

  async #shutdown(): Promise<void> {
    const deadline = Date.now() + this.#options.closeTimeoutMs;
    process.off("beforeExit", this.#onBeforeExit);
    await this.#window.close();
    for (const kind of KINDS) this.#outboxes[kind].hurry();
    await this.#within(deadline - Date.now(), this.#drainAll());
    for (const kind of KINDS) this.#outboxes[kind].stop();
    await this.#drainAll();
    this.#reporter.settle();
    this.#client.destroy();
  }

  #drainAll(): Promise<unknown> {
    return Promise.all(KINDS.map((kind) => this.#outboxes[kind].drain()));
  }

  async #within(ms: number, work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, ms));
    });
    await Promise.race([work, bound]);
    clearTimeout(timer);
  }

  #enqueue(kind: PayloadKind, items: Piece[], timestamp: number): void {
    if (items.length === 0) return;
    const payloads = packFor(kind, items, this.#batcher.bodyBytes(), this.#reporter);
    for (const payload of payloads) void this.#outboxes[kind].add(payload, timestamp);
  }

  /**
   * Runs one aggregator call. At `maxContexts` the window is sent early and the call tried again
   * in the new one; only a set past its member bound is dropped (reported).
   */
  #absorb(key: string, call: () => boolean, unit?: string): void {
    try {
      if (!call()) {
        this.#batcher.sendWindow();
        if (!call()) {
          this.#reporter.report("dropped", "dropped", "set member bound reached this window", {
            key,
            dropped: 1,
          });
          return;
        }
      }
      if (unit !== undefined) this.#batcher.unit(key, unit);
    } catch (error) {
      this.#reporter.report("call_failed", "invalid_value", "metric dropped", {
        key,
        dropped: 1,
        cause: error,
      });
    }
  }

  #accepts(key: string, value: number, unit: unknown): boolean {
    if (this.#closing !== undefined) {
      this.#refuseClosed(key);
      return false;
    }
    if (typeof value === "number" && Number.isFinite(value) && typeof key === "string") {
      if (unit === undefined || typeof unit === "string") return true;
      this.#reporter.report("invalid_unit", "invalid_value", "unit is not a string; dropped", {
        key,
        dropped: 1,
      });
      return false;
    }
    this.#reporter.report("invalid_value", "invalid_value", "non-finite value not sent", {
      key: String(key),
      dropped: 1,
    });
    return false;
  }

  #refuseClosed(key: string): void {
    this.#reporter.report("closed", "closed", "metric emitted after close() was dropped", {
      key,
      dropped: 1,
    });
  }
}

function constantTags(tags: Readonly<Record<string, string>> | readonly string[]): string[] {
  if (Array.isArray(tags)) return tags.map((tag) => normalizeTagString(String(tag)));
  const record = tags as Readonly<Record<string, string>>;
  return Object.keys(record).map((key) => normalizeTag(key, String(record[key])));
}
