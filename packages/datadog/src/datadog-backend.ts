import type { EventOptions, MetricsBackend, Tags } from "@metrics/core";
import { type Deadline, FlushWindow, TransportErrors } from "@metrics/transport";
import { IntakeClient } from "./client/intake-client.js";
import { Outbox } from "./delivery/outbox.js";
import { RetryPolicy } from "./delivery/retry-policy.js";
import { eventBody } from "./encoding/event-body.js";
import { type PayloadKind, payloadOf } from "./encoding/pack-payloads.js";
import { type Piece, pieceOf } from "./encoding/wire-pieces.js";
import { normalizeConstantTags, normalizeHost, normalizeTag } from "./naming/normalize.js";
import { type DatadogBackendOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { COUNTER, GAUGE, packFor, SAMPLE, SET, WindowBatcher } from "./window-batcher.js";

/** First retry waits about this long (then doubles, up to `maxRetryDelayMs`). */
const BASE_RETRY_DELAY_MS = 500;
/** Events queued per window at most; more are dropped and reported. */
const MAX_EVENTS_PER_WINDOW = 1000;
const KINDS: readonly PayloadKind[] = ["series", "distribution", "event"];
/** Of an ending flush's deadline, kept for aborting and reporting what is still undelivered. */
const RELEASE_MARGIN_MS = 100;

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
  readonly #errors: TransportErrors;
  readonly #client: IntakeClient;
  readonly #outboxes: Record<PayloadKind, Outbox>;
  readonly #batcher: WindowBatcher;
  readonly #window: FlushWindow;
  readonly #constantTags: readonly string[];
  #eventsThisWindow = 0;
  #closing: Promise<void> | undefined;

  constructor(options: DatadogBackendOptions = {}) {
    const { apiKey, options: resolved } = resolveOptions(options, process.env);
    this.#options = resolved;
    this.#errors = new TransportErrors({
      onError: resolved.onError,
      intervalMs: resolved.errorIntervalMs,
      source: "@metrics/datadog",
      // Whatever a server or a socket puts in a message, the key never reaches onError.
      redact: (text) => (text.includes(apiKey) ? text.split(apiKey).join("[redacted]") : text),
    });
    this.#constantTags = normalizeConstantTags(resolved.tags);
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
        errors: this.#errors,
        // Shared by the three queues (each gets its part), so the total stays under the option.
        maxQueueBytes: Math.max(1, Math.floor(resolved.maxQueueBytes / KINDS.length)),
        maxRetries: resolved.maxRetries,
      });
    this.#outboxes = { series: outbox(), distribution: outbox(), event: outbox() };
    this.#batcher = new WindowBatcher({
      constant: { host, tags: this.#constantTags },
      maxContexts: resolved.maxContexts,
      maxSetMembers: resolved.maxSetMembers,
      maxSamplesPerContext: resolved.maxSamplesPerContext,
      errors: this.#errors,
      enqueue: (kind, items, timestamp) => this.#enqueue(kind, items, timestamp),
    });
    this.#window = new FlushWindow({
      intervalMs: resolved.flushIntervalMs,
      timeoutMs: resolved.flushTimeoutMs,
      flush: (deadline, ending) => this.#flushWindow(deadline, ending),
      release: () => this.#release(),
      onError: (error) =>
        this.#errors.report("transport_error", "flush", "flush failed", { cause: error }),
      hasPending: resolved.flushOnExit ? () => this.#hasPending() : undefined,
    });
  }

  incr(key: string, amount: number, tags: Tags, sampleRate: number, unit?: string): void {
    if (this.#accepts(key, amount, unit))
      this.#batcher.record(COUNTER, key, tags, amount, sampleRate, unit);
  }

  gauge(key: string, value: number, tags: Tags, sampleRate: number, unit?: string): void {
    if (this.#accepts(key, value, unit))
      this.#batcher.record(GAUGE, key, tags, value, sampleRate, unit);
  }

  distribution(key: string, value: number, tags: Tags, sampleRate: number, unit?: string): void {
    if (this.#accepts(key, value, unit))
      this.#batcher.record(SAMPLE, key, tags, value, sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    // Milliseconds, as the DogStatsD transport sends them, so dashboards survive a switch.
    if (this.#accepts(key, seconds, undefined)) {
      this.#batcher.record(SAMPLE, key, tags, seconds * 1000, sampleRate, undefined);
    }
  }

  set(key: string, member: string | number, tags: Tags, sampleRate: number): void {
    if (this.#closing !== undefined) this.#refuseClosed(key);
    else this.#batcher.record(SET, key, tags, member, sampleRate, undefined);
  }

  /** An event to `/api/v1/events`, sent with the window's next flush. */
  event(title: string, text: string, tags: Tags, options: EventOptions): void {
    try {
      if (this.#closing !== undefined) {
        this.#refuseClosed(title);
        return;
      }
      if (this.#eventsThisWindow >= MAX_EVENTS_PER_WINDOW) {
        this.#errors.report("dropped", "events_full", "more events this window than 1000", {
          dropped: 1,
        });
        return;
      }
      this.#eventsThisWindow += 1;
      const list = [...this.#constantTags];
      for (const key in tags) list.push(normalizeTag(key, String(tags[key])));
      const json = eventBody(String(title), String(text), list, options ?? {}, this.#options.host);
      const payload = payloadOf("event", [pieceOf(json, 1)]);
      void this.#outboxes.event.add(payload, Math.floor(Date.now() / 1000));
    } catch (error) {
      this.#errors.report("invalid_value", "event_failed", "event dropped", {
        dropped: 1,
        cause: error,
      });
    }
  }

  /**
   * Sends what the window holds and waits for delivery, at most `flushTimeoutMs`: then it
   * resolves and what is not delivered yet stays queued (retried, or reported lost).
   */
  flush(): Promise<void> {
    return this.#window.flush();
  }

  /**
   * Sends what the window holds, brings every waiting retry forward, and takes at most
   * `flushTimeoutMs` in all; then aborts what is in flight and reports what was not delivered.
   * Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#window.close();
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

  /**
   * One flush: the window into the queues, then wait for them. An ending flush (`close()`, a
   * natural exit) retries at once instead of after a backoff, and at its deadline aborts what
   * is in flight and reports everything undelivered lost, with its count, instead of leaving it
   * to a process that is going away.
   */
  async #flushWindow(deadline: Deadline, ending: boolean): Promise<void> {
    this.#eventsThisWindow = 0;
    this.#batcher.sendWindow();
    const outboxes = KINDS.map((kind) => this.#outboxes[kind]);
    if (!ending) {
      await Promise.all(outboxes.map((outbox) => outbox.drain(deadline.remainingMs)));
      return;
    }
    for (const outbox of outboxes) outbox.hurry();
    const withinMs = deadline.remainingMs - RELEASE_MARGIN_MS;
    await Promise.all(outboxes.map((outbox) => outbox.drain(withinMs)));
    for (const outbox of outboxes) outbox.abandon();
    this.#client.abortInFlight();
    // The aborted attempts report their payloads lost; then the held-back summaries go out.
    await Promise.all(outboxes.map((outbox) => outbox.drain(deadline.remainingMs)));
    this.#errors.close();
  }

  /** After the last flush of `close()`: nothing is sent any more. */
  #release(): void {
    for (const kind of KINDS) this.#outboxes[kind].stop();
    this.#client.destroy();
  }

  /** Asked on `beforeExit`: anything in the window, queued, or not yet reported. */
  #hasPending(): boolean {
    return (
      this.#batcher.pending ||
      KINDS.some((kind) => this.#outboxes[kind].heldBytes > 0) ||
      this.#errors.holdsBack
    );
  }

  #enqueue(kind: PayloadKind, items: Piece[], timestamp: number): void {
    if (items.length === 0) return;
    const payloads = packFor(kind, items, this.#batcher.bodyBytes(), this.#errors);
    for (const payload of payloads) void this.#outboxes[kind].add(payload, timestamp);
  }

  #accepts(key: string, value: number, unit: unknown): boolean {
    if (this.#closing !== undefined) {
      this.#refuseClosed(key);
      return false;
    }
    if (typeof value === "number" && Number.isFinite(value) && typeof key === "string") {
      if (unit === undefined || typeof unit === "string") return true;
      this.#errors.report("invalid_value", `invalid_unit:${key}`, "unit is not a string; dropped", {
        key,
        dropped: 1,
      });
      return false;
    }
    this.#errors.report(
      "invalid_value",
      `invalid_value:${String(key)}`,
      "non-finite value not sent",
      {
        key: String(key),
        dropped: 1,
      },
    );
    return false;
  }

  #refuseClosed(key: string): void {
    this.#errors.report("closed", "closed", "metric emitted after close() was dropped", {
      key,
      dropped: 1,
    });
  }
}
