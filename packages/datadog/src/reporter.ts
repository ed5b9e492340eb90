import { ErrorThrottle } from "@metrics/aggregation";
import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "@metrics/core";

/** One report per kind of failure per window; the rest are counted into the next report. */
const REPORT_WINDOW_MS = 60_000;

/**
 * Hands failures to `onError` as `MetricsError`s: throttled per kind, and with the API key cut
 * out of every message and cause, whatever a server or a socket put in them.
 */
export class Reporter {
  private readonly throttle: ErrorThrottle<MetricsError>;
  /** Points lost per kind since that kind was last reported. */
  private readonly lost = new Map<string, number>();

  constructor(
    onError: ErrorHandler,
    private readonly apiKey: string,
  ) {
    this.throttle = new ErrorThrottle(onError, REPORT_WINDOW_MS);
  }

  /**
   * Reports a failure of `kind` (e.g. `http_403`), throttled. `dropped` points are added to what
   * the next delivered report of that kind says was lost.
   */
  report(
    kind: string,
    code: MetricsErrorCode,
    message: string,
    details: { dropped?: number; key?: string; cause?: unknown } = {},
  ): void {
    this.lost.set(kind, (this.lost.get(kind) ?? 0) + (details.dropped ?? 0));
    this.throttle.report(kind, (suppressed) => {
      const dropped = this.lost.get(kind) ?? 0;
      this.lost.set(kind, 0);
      const more = suppressed > 0 ? ` (${suppressed} similar reports suppressed)` : "";
      return new MetricsError(code, this.redact(`@metrics/datadog: ${message}${more}`), {
        key: details.key === undefined ? undefined : this.redact(details.key),
        dropped: dropped > 0 ? dropped : undefined,
        cause: details.cause === undefined ? undefined : this.safeCause(details.cause),
      });
    });
  }

  redact(text: string): string {
    return text.includes(this.apiKey) ? text.split(this.apiKey).join("[redacted]") : text;
  }

  /** A copy of a cause with only its message and code, both redacted. */
  private safeCause(cause: unknown): Error {
    const message = cause instanceof Error ? cause.message : String(cause);
    const copy = new Error(this.redact(message)) as Error & { code?: string };
    const code = (cause as { code?: unknown } | null)?.code;
    if (typeof code === "string") copy.code = this.redact(code);
    return copy;
  }
}
