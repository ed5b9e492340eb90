import { ErrorThrottle } from "@metrics/aggregation";
import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "@metrics/core";

/** One report per kind of failure per window; the rest are counted into the next report. */
const REPORT_WINDOW_MS = 60_000;

/**
 * Hands failures to `onError` as `MetricsError`s, throttled per kind, with the DSN's secret and
 * public key cut out of every message and cause (an SDK or a socket may quote the DSN's URL).
 */
export class Reporter {
  readonly #throttle: ErrorThrottle<MetricsError>;
  /** Metrics lost per kind since that kind was last reported. */
  readonly #lost = new Map<string, number>();
  /** Reads the strings to redact at report time: the DSN can change with `Sentry.init`. */
  readonly #secrets: () => readonly string[];

  constructor(onError: ErrorHandler, secrets: () => readonly string[]) {
    this.#throttle = new ErrorThrottle(onError, REPORT_WINDOW_MS);
    this.#secrets = secrets;
  }

  /** Reports a failure of `kind`, throttled; `dropped` adds to what the next report says was lost. */
  report(
    kind: string,
    code: MetricsErrorCode,
    message: string,
    details: { dropped?: number; key?: string; cause?: unknown } = {},
  ): void {
    this.#lost.set(kind, (this.#lost.get(kind) ?? 0) + (details.dropped ?? 0));
    this.#throttle.report(kind, (suppressed) => {
      const dropped = this.#lost.get(kind) ?? 0;
      this.#lost.set(kind, 0);
      const more = suppressed > 0 ? ` (${suppressed} similar reports suppressed)` : "";
      return new MetricsError(code, this.#redact(`@metrics/sentry: ${message}${more}`), {
        key: details.key === undefined ? undefined : this.#redact(details.key),
        dropped: dropped > 0 ? dropped : undefined,
        cause: details.cause === undefined ? undefined : this.#safeCause(details.cause),
      });
    });
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets()) {
      if (secret !== "" && out.includes(secret)) out = out.split(secret).join("[redacted]");
    }
    return out;
  }

  /** A copy of a cause with only its message, redacted. */
  #safeCause(cause: unknown): Error {
    let message: string;
    try {
      message = cause instanceof Error ? cause.message : String(cause);
    } catch {
      message = typeof cause;
    }
    return new Error(this.#redact(message));
  }
}
