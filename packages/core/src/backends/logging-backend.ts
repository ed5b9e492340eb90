// Imported through the main entry, which the build keeps external: one copy of each class.
import {
  type ErrorHandler,
  type EventRecord,
  type MetricRecord,
  MetricsError,
  RecordingBackend,
} from "../index.js";

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
  line += formatTags(tags);
  return sampleRate < 1 ? `${line} @${sampleRate}` : line;
}

function formatTags(tags: Record<string, string>): string {
  const pairs = Object.entries(tags).map(([name, tag]) => `${name}=${tag}`);
  return pairs.length > 0 ? ` ${pairs.join(",")}` : "";
}

/**
 * Formats an event as one line, its title and text quoted and its fields as `name=value`:
 * `[metrics] event "Deploy" "v2 is live" alertType=success service=api`.
 */
function formatEvent({ title, text, tags, timestamp, ...fields }: EventRecord): string {
  const shown: Record<string, string> = { ...(fields as Record<string, string>) };
  if (timestamp !== undefined) shown.timestamp = timestamp.toISOString();
  const pairs = Object.entries(shown).map(([name, value]) => `${name}=${value}`);
  const options = pairs.length > 0 ? ` ${pairs.join(" ")}` : "";
  return `[metrics] event ${JSON.stringify(title)} ${JSON.stringify(text)}${options}${formatTags(tags)}`;
}

/**
 * Writes one line per metric and per event: for development, demos and debugging.
 *
 * @example
 * ```ts
 * import { configure } from "@metrics/core";
 * import { LoggingBackend } from "@metrics/core/logging";
 * configure({ backend: new LoggingBackend() }); // [metrics] counter jobs.processed 1 queue=email
 * ```
 */
export class LoggingBackend extends RecordingBackend {
  readonly #logger: (line: string) => void;

  constructor(options: LoggingBackendOptions = {}) {
    super(options.onError);
    const logger = options.logger ?? console.log;
    if (typeof logger !== "function") {
      throw new MetricsError("invalid_option", "LoggingBackend: logger must be a function");
    }
    this.#logger = logger;
  }

  protected record(record: MetricRecord): void {
    this.#logger(formatRecord(record));
  }

  protected override recordEvent(event: EventRecord): void {
    this.#logger(formatEvent(event));
  }
}
