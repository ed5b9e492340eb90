import type { ErrorHandler, MetricsErrorCode } from "@metrics/core";
import { TransportErrors } from "@metrics/transport";

/** One report per kind of failure per window; the rest are counted into the next report. */
const REPORT_WINDOW_MS = 60_000;

/**
 * Hands failures to `onError` as `MetricsError`s through the transports' one error component
 * (one per kind per window, what was held back summed into a summary at the window's end and on
 * `close()`), with the DSN's secret and public key cut out of every message, key and cause (an
 * SDK or a socket may quote the DSN's URL).
 */
export class Reporter {
  readonly #errors: TransportErrors;
  /** Reads the strings to redact at report time: the DSN can change with `Sentry.init`. */
  readonly #secrets: () => readonly string[];

  constructor(onError: ErrorHandler, secrets: () => readonly string[]) {
    this.#secrets = secrets;
    this.#errors = new TransportErrors({
      onError,
      intervalMs: REPORT_WINDOW_MS,
      source: "@metrics/sentry",
      redact: (text) => this.#redact(text),
    });
  }

  /** Reports a failure of `kind`, throttled; `dropped` adds to what the reports say was lost. */
  report(
    kind: string,
    code: MetricsErrorCode,
    message: string,
    details: { dropped?: number; key?: string; cause?: unknown } = {},
  ): void {
    this.#errors.report(code, kind, message, details);
  }

  /** The transports' one error component, with the DSN redacted from what goes through it. */
  get errors(): TransportErrors {
    return this.#errors;
  }

  /** Delivers what the open windows held back. */
  close(): void {
    this.#errors.close();
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets()) {
      if (secret !== "" && out.includes(secret)) out = out.split(secret).join("[redacted]");
    }
    return out;
  }
}
