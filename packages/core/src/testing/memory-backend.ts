// Imported through the main entry, which the build keeps external: one copy of each class.
import {
  type ErrorHandler,
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
 * Keeps every metric in memory, for asserting on metrics in tests:
 * `configure({ backend: memory })`, run the code, then read `memory.records`.
 */
export class MemoryBackend extends RecordingBackend {
  /** Everything received, in order. */
  readonly records: MetricRecord[] = [];
  readonly #maxRecords: number;

  constructor(options: MemoryBackendOptions = {}) {
    super(options.onError);
    const { maxRecords = 1_000_000 } = options;
    if (!(Number.isInteger(maxRecords) && maxRecords > 0)) {
      throw new RangeError(
        `MemoryBackend: maxRecords must be a positive integer, got ${maxRecords}`,
      );
    }
    this.#maxRecords = maxRecords;
  }

  protected record(record: MetricRecord): void {
    if (this.records.length >= this.#maxRecords) {
      this.report(
        new MetricsError(
          "dropped",
          `"${record.key}" was dropped: MemoryBackend holds ${this.#maxRecords} records`,
          {
            key: record.key,
            dropped: 1,
          },
        ),
      );
      return;
    }
    this.records.push(record);
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

  /** Forgets every record. */
  clear(): void {
    this.records.length = 0;
  }
}
