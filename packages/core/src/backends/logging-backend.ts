// Imported through the main entry, which the build keeps external: one copy of each class.
import { type ErrorHandler, type MetricRecord, RecordingBackend } from "../index.js";

/** Options of {@link LoggingBackend}. */
export interface LoggingBackendOptions {
  /** Where lines go. Default: `console.log`. */
  logger?: (line: string) => void;
  /** Default: the facade's `onError`. */
  onError?: ErrorHandler;
}

/** Formats a metric as one line, durations in milliseconds: `timing db.query 42.000ms table=users`. */
function formatRecord({ type, key, value, tags, sampleRate, unit }: MetricRecord): string {
  let line = `[metrics] ${type} ${key} ${type === "timing" ? `${((value as number) * 1000).toFixed(3)}ms` : value}`;
  if (unit && type !== "timing") line += ` ${unit}`;
  const pairs = Object.entries(tags).map(([name, tag]) => `${name}=${tag}`);
  if (pairs.length > 0) line += ` ${pairs.join(",")}`;
  return sampleRate < 1 ? `${line} @${sampleRate}` : line;
}

/** Writes one line per metric: for development, demos and debugging. */
export class LoggingBackend extends RecordingBackend {
  readonly #logger: (line: string) => void;

  constructor(options: LoggingBackendOptions = {}) {
    super(options.onError);
    this.#logger = options.logger ?? console.log;
  }

  protected record(record: MetricRecord): void {
    this.#logger(formatRecord(record));
  }
}
