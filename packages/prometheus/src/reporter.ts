import { ErrorThrottle } from "@metrics/aggregation";
import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "@metrics/core";

/** How often one kind of problem is reported at most, in ms (the rest are counted). */
const REPORT_WINDOW_MS = 10_000;

/**
 * How the backend tells `onError`: `now` for reports that are rare by construction (once per
 * metric or per window), `throttled` for those a hot path can repeat (one per kind per 10 s,
 * with the count of those held back). Never throws, even when the handler does.
 *
 * @example
 * const reporter = new Reporter(onError);
 * reporter.refuse("dropped", "jobs", 'is named "jobs", which "jobs." already has');
 */
export class Reporter {
  private readonly errors: ErrorThrottle<MetricsError>;

  constructor(private readonly onError: ErrorHandler) {
    this.errors = new ErrorThrottle(onError, REPORT_WINDOW_MS);
  }

  /** Delivers one report at once. */
  now(code: MetricsErrorCode, key: string, message: string, dropped?: number): void {
    try {
      this.onError(new MetricsError(code, message, { key, dropped }));
    } catch {
      // The application's handler failed; a metrics call must never throw.
    }
  }

  /** Reports a call of `key` that was not recorded, and why. */
  refuse(code: MetricsErrorCode, key: string, problem: string): void {
    this.throttled(code, `${code}:${key}`, (n) => counted(`"${key}" ${problem}; not recorded`, n));
  }

  /** Reports a value prom-client refused. */
  failed(key: string, error: unknown): void {
    this.throttled("backend_error", `failed:${key}`, (n) =>
      counted(`"${key}": prom-client refused the value: ${messageOf(error)}`, n),
    );
  }

  /** At most one report of `kind` per window; `message` gets how many were held back. */
  throttled(code: MetricsErrorCode, kind: string, message: (suppressed: number) => string): void {
    this.errors.report(kind, (suppressed) => new MetricsError(code, message(suppressed)));
  }
}

/** A message with the number of like reports held back since the last one, if any. */
export function counted(message: string, suppressed: number): string {
  return suppressed === 0 ? message : `${message} (and ${suppressed} more since the last report)`;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
