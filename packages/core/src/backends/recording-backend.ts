import type { EventOptions, Tags } from "../backend.js";
import { type ErrorHandler, MetricsError } from "../errors.js";
import type { MetricKind } from "../pipeline/emit.js";
import { copyTags } from "../pipeline/tags.js";
import { callSafely, reportError } from "../report.js";
import { FunnelBackend } from "./funnel-backend.js";

/** The kinds of metric, as `MemoryBackend` records and `LoggingBackend` prints them. */
export type MetricType = "counter" | "gauge" | "distribution" | "timing" | "set";

/** One metric as a backend received it. */
export interface MetricRecord {
  /** The kind of metric (`incr` records as `counter`). */
  type: MetricType;
  /** The key with the prefix. */
  key: string;
  /** The amount, value, seconds or member, as emitted. */
  value: number | string;
  /** The merged tags (global, scoped, the call's), values as strings. */
  tags: Record<string, string>;
  /** The rate the sample was kept with, in (0, 1]. */
  sampleRate: number;
  /** The call's `unit`; `second` for timings. */
  unit?: string;
}

/** One event as a backend received it: `MemoryBackend.events` holds these. */
export interface EventRecord extends EventOptions {
  /** The event's title, as given (no prefix). */
  title: string;
  /** Its text; may be empty. */
  text: string;
  /** The merged tags (global, scoped, the event's), values as strings. */
  tags: Record<string, string>;
}

const resolved = Promise.resolve();

/**
 * A backend that handles each metric at once, as one record: the common shape of
 * `MemoryBackend` and `LoggingBackend`, and a base for simple backends of your own. After
 * `close()` calls are dropped and reported (code `closed`).
 *
 * @example
 * ```ts
 * class ConsoleJsonBackend extends RecordingBackend {
 *   protected record(record: MetricRecord): void {
 *     process.stdout.write(`${JSON.stringify(record)}\n`);
 *   }
 * }
 * ```
 */
export abstract class RecordingBackend extends FunnelBackend {
  readonly #onError: ErrorHandler;
  #closed = false;

  constructor(onError: ErrorHandler = reportError) {
    super();
    this.#onError = onError;
  }

  #eventsReported = false;

  /** Handles one metric; called only while open. */
  protected abstract record(record: MetricRecord): void;

  /**
   * Handles one event; called only while open. By default events are not supported: the first
   * is reported with the code `unsupported`. Override it to keep them.
   */
  protected recordEvent(event: EventRecord): void {
    if (this.#eventsReported) return;
    this.#eventsReported = true;
    const message = `${this.constructor.name} does not take events: "${event.title}" and later events not sent`;
    this.report(new MetricsError("unsupported", message, { key: event.title, dropped: 1 }));
  }

  /** An event: recorded as one `EventRecord` (its tags copied). */
  event(title: string, text: string, tags: Tags, options: EventOptions): void {
    if (this.#closed) {
      this.report(
        new MetricsError("closed", `event "${title}" dropped: backend closed`, { key: title }),
      );
      return;
    }
    this.recordEvent({ ...options, title, text, tags: copyTags({}, tags) });
  }

  protected report(error: MetricsError): void {
    callSafely(this.#onError, error);
  }

  protected accept(
    method: MetricKind,
    key: string,
    value: number | string,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    if (this.#closed) {
      this.report(new MetricsError("closed", `"${key}" dropped: backend closed`, { key }));
      return;
    }
    const record: MetricRecord = {
      type: method === "incr" ? "counter" : method,
      key,
      value,
      tags: copyTags({}, tags),
      sampleRate,
    };
    if (unit !== undefined) record.unit = unit;
    this.record(record);
  }

  /** Nothing is buffered: resolves at once. */
  flush(): Promise<void> {
    return resolved;
  }

  /** Stops accepting metrics: later calls are dropped and reported (code `closed`). */
  close(): Promise<void> {
    this.#closed = true;
    return resolved;
  }
}
