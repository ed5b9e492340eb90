import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "@metrics/core";
import { type FailureDetails, TransportErrors } from "@metrics/transport";

/** How often one kind of problem is reported at most, in ms (the rest are counted). */
const REPORT_WINDOW_MS = 10_000;

/**
 * How the backend tells `onError`: `now` for reports that are rare by construction (once per
 * metric or per window), `throttled` for those a hot path can repeat (through the transports'
 * one error component: one per kind per 10 s, the rest summed into a summary at the window's end
 * and on `close()`). Never throws, even when the handler does.
 *
 * @example
 * const reporter = new Reporter(onError);
 * reporter.refuse("dropped", "jobs", 'is named "jobs", which "jobs." already has');
 */
export class Reporter {
  /** The transports' one error component, which every throttled report goes through. */
  readonly errors: TransportErrors;

  constructor(private readonly onError: ErrorHandler) {
    this.errors = new TransportErrors({
      onError,
      intervalMs: REPORT_WINDOW_MS,
      source: "@metrics/prometheus",
    });
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
    this.errors.report(code, `${code}:${key}`, `"${key}" ${problem}; not recorded`, {
      key,
      dropped: 1,
    });
  }

  /** Reports a value prom-client refused. */
  failed(key: string, error: unknown): void {
    this.throttled(
      "backend_error",
      `failed:${key}`,
      `"${key}": prom-client refused the value: ${messageOf(error)}`,
      { key, dropped: 1 },
    );
  }

  /** At most one report of `kind` per window; the rest are counted into its summary. */
  throttled(code: MetricsErrorCode, kind: string, message: string, details?: FailureDetails): void {
    this.errors.report(code, kind, message, details);
  }

  /** Delivers what the open windows held back. */
  close(): void {
    this.errors.close();
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
