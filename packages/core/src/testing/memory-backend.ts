// Imported through the main entry, which the build keeps external: one copy of each class.
import {
  type ErrorHandler,
  type EventRecord,
  type MetricRecord,
  MetricsError,
  RecordingBackend,
  type TagInput,
} from "../index.js";

/** Options of {@link MemoryBackend}. */
export interface MemoryBackendOptions {
  /** Records kept at most; later ones are dropped and reported. Default 1,000,000. */
  maxRecords?: number;
  /** Default: the facade's `onError`. */
  onError?: ErrorHandler;
}

/**
 * Keeps every metric and event in memory, for asserting on them in tests:
 * `configure({ backend: memory })`, run the code, then read `memory.records` and `memory.events`.
 *
 * @example
 * ```ts
 * const memory = new MemoryBackend();
 * configure({ backend: memory });
 * await handleRequest();
 * expect(memory.total("requests", { route: "/a" })).toBe(1);
 * expect(memory.events[0]?.title).toBe("Deploy finished");
 * ```
 */
export class MemoryBackend extends RecordingBackend {
  /** Every metric received, in order. */
  readonly records: MetricRecord[] = [];
  /** Every event received, in order: `{ title, text, tags, ...options }`. */
  readonly events: EventRecord[] = [];
  readonly #maxRecords: number;

  constructor(options: MemoryBackendOptions = {}) {
    super(options.onError);
    const { maxRecords = 1_000_000 } = options;
    if (!(Number.isInteger(maxRecords) && maxRecords > 0)) {
      throw new MetricsError(
        "invalid_option",
        `MemoryBackend: maxRecords must be a positive integer, got ${String(maxRecords)}`,
      );
    }
    this.#maxRecords = maxRecords;
  }

  protected record(record: MetricRecord): void {
    this.#keep(this.records, record, record.key);
  }

  protected override recordEvent(event: EventRecord): void {
    this.#keep(this.events, event, event.title);
  }

  #keep<T>(list: T[], item: T, key: string): void {
    if (this.records.length + this.events.length >= this.#maxRecords) {
      this.report(
        new MetricsError(
          "dropped",
          `"${key}" was dropped: MemoryBackend holds ${this.#maxRecords} records and events`,
          { key, dropped: 1 },
        ),
      );
      return;
    }
    list.push(item);
  }

  /** The records of one key (with its prefix). */
  find(key: string): MetricRecord[] {
    return this.records.filter((record) => record.key === key);
  }

  /** The sum of a counter's amounts, over records carrying at least the given tags. */
  total(key: string, tags: TagInput = {}): number {
    const wanted = Object.entries(tags).filter(([, value]) => value != null);
    let sum = 0;
    for (const record of this.records) {
      if (record.type !== "counter" || record.key !== key) continue;
      if (wanted.every(([name, value]) => record.tags[name] === String(value)))
        sum += record.value as number;
    }
    return sum;
  }

  /** Forgets every record and event. */
  clear(): void {
    this.records.length = 0;
    this.events.length = 0;
  }
}
