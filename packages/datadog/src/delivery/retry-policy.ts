import { HttpStatusError, PayloadTooLargeError, RequestAbortedError } from "./delivery-errors.js";

/** What to do with a payload whose attempt failed. */
export type FailureAction =
  | { readonly kind: "retry"; readonly delayMs: number; readonly reason: string }
  | { readonly kind: "split"; readonly reason: string }
  | { readonly kind: "drop"; readonly reason: string; readonly status?: number };

/** Longest wait a server's rate limit answer is honoured for; beyond it we ask again sooner. */
const MAX_RATE_LIMIT_WAIT_MS = 120_000;

export interface RetryPolicyOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random?: () => number;
}

/** Network failures worth another attempt: the request may never have reached the intake. */
const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "EHOSTDOWN",
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Decides retry, split or drop. Retried: 408, 429 (after the server's `x-ratelimit-reset` when it
 * gave one, even past `maxDelayMs`: asking sooner would only be refused again), 5xx, timeouts and connection failures, with exponential backoff and full jitter,
 * never longer than `maxDelayMs`. Dropped: every other 4xx (bad key, bad payload), which no
 * retry can fix. Split: a body the intake finds too large (413, or our own size check).
 */
export class RetryPolicy {
  private readonly random: () => number;

  constructor(private readonly options: RetryPolicyOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Backoff before attempt `attempt + 1` (attempt counts from 1): half fixed, half jitter. */
  backoffMs(attempt: number): number {
    const exponential = this.options.baseDelayMs * 2 ** Math.min(attempt - 1, 30);
    const ceiling = Math.min(this.options.maxDelayMs, exponential);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  decide(error: unknown, attempt: number): FailureAction {
    if (error instanceof PayloadTooLargeError) return { kind: "split", reason: error.message };
    if (error instanceof RequestAbortedError) return { kind: "drop", reason: error.message };
    if (error instanceof HttpStatusError) {
      const { status } = error;
      if (status === 413) return { kind: "split", reason: error.message };
      if (status === 429) {
        const asked = error.retryAfterMs;
        const delayMs =
          asked === undefined
            ? this.backoffMs(attempt)
            : Math.min(MAX_RATE_LIMIT_WAIT_MS, asked + this.random() * 250);
        return { kind: "retry", delayMs: Math.round(delayMs), reason: error.message };
      }
      if (status === 408 || status >= 500) {
        return { kind: "retry", delayMs: this.backoffMs(attempt), reason: error.message };
      }
      return { kind: "drop", reason: error.message, status };
    }
    const code = errorCode(error);
    if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) {
      return { kind: "retry", delayMs: this.backoffMs(attempt), reason: code };
    }
    // Anything else (a serialisation error in the client, a bug) would fail again the same way.
    return { kind: "drop", reason: error instanceof Error ? error.message : String(error) };
  }
}
