import type { MetricsBackend, Tags } from "../backend.js";
import { type ErrorHandler, MetricsError } from "../errors.js";
import { reportError } from "../report.js";

/** The kinds of metric, as `MemoryBackend` records and `LoggingBackend` prints them. */
export type MetricType = "counter" | "gauge" | "distribution" | "timing" | "set";

/** One metric as a backend received it. */
export interface MetricRecord {
  type: MetricType;
  /** The key with the prefix. */
  key: string;
  /** The amount, value, seconds or member, as emitted. */
  value: number | string;
  tags: Record<string, string>;
  sampleRate: number;
  unit?: string;
}

const resolved = Promise.resolve();

/**
 * A backend that handles each metric at once, one record at a time: the common shape of
 * `MemoryBackend` and `LoggingBackend`. After `close()` calls are dropped; the first one is
 * reported (code `closed`), so a late caller learns of it without flooding `onError`.
 */
export abstract class RecordingBackend implements MetricsBackend {
  readonly #onError: ErrorHandler;
  #closed = false;
  #reportedClosed = false;

  constructor(onError: ErrorHandler = reportError) {
    this.#onError = onError;
  }

  /** Handles one metric; called only while open. */
  protected abstract record(record: MetricRecord): void;

  protected report(error: MetricsError): void {
    try {
      this.#onError(error);
    } catch {
      // A throwing handler must not reach the caller.
    }
  }

  #accept(
    type: MetricType,
    key: string,
    value: number | string,
    tags: Tags,
    sampleRate: number,
    unit?: string,
  ) {
    if (this.#closed) {
      if (!this.#reportedClosed) {
        this.#reportedClosed = true;
        this.report(
          new MetricsError(
            "closed",
            `"${key}" was dropped: the backend is closed (later calls are dropped too)`,
            { key, dropped: 1 },
          ),
        );
      }
      return;
    }
    const record: MetricRecord = { type, key, value, tags: { ...tags }, sampleRate };
    if (unit !== undefined) record.unit = unit;
    this.record(record);
  }

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#accept("counter", key, amount, tags, sampleRate, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#accept("gauge", key, value, tags, sampleRate, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#accept("distribution", key, value, tags, sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    this.#accept("timing", key, seconds, tags, sampleRate, "second");
  }

  set(key: string, member: string | number, tags: Tags, sampleRate: number): void {
    this.#accept("set", key, member, tags, sampleRate);
  }

  flush(): Promise<void> {
    return resolved;
  }

  close(): Promise<void> {
    this.#closed = true;
    return resolved;
  }
}
