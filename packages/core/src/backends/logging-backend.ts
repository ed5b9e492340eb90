import type { ErrorHandler } from "../errors.js";
import { type MetricRecord, RecordingBackend } from "./recording-backend.js";

export interface LoggingBackendOptions {
  /** Where lines go. Default: `console.log`. */
  logger?: (line: string) => void;
  /** Default: the facade's `onError`. */
  onError?: ErrorHandler;
}

function formatTags(tags: Record<string, string>): string {
  const names = Object.keys(tags);
  return names.length === 0 ? "" : ` ${names.map((name) => `${name}=${tags[name]}`).join(",")}`;
}

/** Formats a metric as one line, durations in milliseconds: `timing db.query 42.000ms table=users`. */
export function formatRecord({ type, key, value, tags, sampleRate, unit }: MetricRecord): string {
  const shown =
    type === "timing"
      ? `${((value as number) * 1000).toFixed(3)}ms`
      : `${value}${unit ? ` ${unit}` : ""}`;
  const rate = sampleRate < 1 ? ` @${sampleRate}` : "";
  return `[metrics] ${type} ${key} ${shown}${formatTags(tags)}${rate}`;
}

/** Writes one line per metric: for development, demos and debugging. */
export class LoggingBackend extends RecordingBackend {
  readonly #logger: (line: string) => void;

  constructor(options: LoggingBackendOptions = {}) {
    super(options.onError);
    if (options.logger !== undefined && typeof options.logger !== "function") {
      throw new TypeError("LoggingBackend: logger must be a function");
    }
    this.#logger = options.logger ?? console.log;
  }

  protected record(record: MetricRecord): void {
    this.#logger(formatRecord(record));
  }
}
