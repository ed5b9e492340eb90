import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "@metrics/core";

/** One report per kind of failure (and key) per window; the rest are summed into the next. */
const REPORT_WINDOW_MS = 60_000;
/** Keys throttled apart per kind; past it, reports of new keys are summed by kind alone. */
const MAX_KEYS_PER_KIND = 100;

interface Held {
  readonly code: MetricsErrorCode;
  message: string;
  /** Reports held back since the last delivered one. */
  suppressed: number;
  /** Points lost in them. */
  dropped: number;
  /** A key, when every held report was about the same one. */
  key: string | undefined;
  until: number;
}

/**
 * Hands failures to `onError` as `MetricsError`s: at most one per kind (and key, for the first 100
 * keys of a kind) per minute, so a bad call is reported with its key; the reports
 * held back are summed (count and points lost) and delivered with the next one of their kind, or
 * by `settle()` (end of each window and `close()`), so the numbers reported add up to what was
 * lost. The API key is cut out of every message and cause, whatever a server put in them.
 *
 * @example
 * const reporter = new Reporter(onError, apiKey);
 * reporter.report("http_500", "transport_error", "intake failed", { dropped: 10 });
 * reporter.settle();
 */
export class Reporter {
  readonly #onError: ErrorHandler;
  readonly #apiKey: string;
  readonly #kinds = new Map<string, Held>();
  readonly #keysPerKind = new Map<string, number>();

  constructor(onError: ErrorHandler, apiKey: string) {
    this.#onError = onError;
    this.#apiKey = apiKey;
  }

  /** Reports a failure of `kind` (e.g. `http_403`); `dropped` points were lost with it. */
  report(
    kind: string,
    code: MetricsErrorCode,
    message: string,
    details: { dropped?: number; key?: string; cause?: unknown } = {},
  ): void {
    const now = Date.now();
    let slot = kind;
    if (details.key !== undefined) {
      const keyed = `${kind}\u0000${details.key}`;
      const keys = this.#keysPerKind.get(kind) ?? 0;
      if (this.#kinds.has(keyed)) slot = keyed;
      else if (keys < MAX_KEYS_PER_KIND) {
        this.#keysPerKind.set(kind, keys + 1);
        slot = keyed;
      }
    }
    const held = this.#kinds.get(slot);
    if (held !== undefined && now < held.until) {
      held.suppressed += 1;
      held.dropped += details.dropped ?? 0;
      if (held.key !== details.key) held.key = undefined;
      held.message = message;
      return;
    }
    const suppressed = held?.suppressed ?? 0;
    const dropped = (held?.dropped ?? 0) + (details.dropped ?? 0);
    this.#kinds.set(slot, {
      code,
      message,
      suppressed: 0,
      dropped: 0,
      key: undefined,
      until: now + REPORT_WINDOW_MS,
    });
    const more = suppressed > 0 ? ` (and ${suppressed} similar, summed)` : "";
    this.#deliver(code, `${message}${more}`, dropped, details.key, details.cause);
  }

  /** Delivers what is held back for every kind, so nothing lost stays unreported. */
  settle(): void {
    const now = Date.now();
    for (const [slot, held] of this.#kinds) {
      if (held.suppressed === 0) {
        if (now >= held.until) this.#forget(slot);
        continue;
      }
      const { suppressed, dropped, key } = held;
      held.suppressed = 0;
      held.dropped = 0;
      held.key = undefined;
      this.#deliver(held.code, `${held.message} (${suppressed} reports summed)`, dropped, key);
    }
  }

  /** Drops an expired slot, so keyed slots do not pile up. */
  #forget(slot: string): void {
    this.#kinds.delete(slot);
    const separator = slot.indexOf("\u0000");
    if (separator < 0) return;
    const kind = slot.slice(0, separator);
    this.#keysPerKind.set(kind, (this.#keysPerKind.get(kind) ?? 1) - 1);
  }

  /** `text` with the API key cut out. */
  redact(text: string): string {
    return text.includes(this.#apiKey) ? text.split(this.#apiKey).join("[redacted]") : text;
  }

  #deliver(
    code: MetricsErrorCode,
    message: string,
    dropped: number,
    key: string | undefined,
    cause?: unknown,
  ): void {
    try {
      this.#onError(
        new MetricsError(code, this.redact(`@metrics/datadog: ${message}`), {
          key: key === undefined ? undefined : this.redact(key),
          dropped: dropped > 0 ? dropped : undefined,
          cause: cause === undefined ? undefined : this.#safeCause(cause),
        }),
      );
    } catch {
      // A throwing handler must not break delivery.
    }
  }

  /** A copy of a cause with only its message and code, both redacted. */
  #safeCause(cause: unknown): Error {
    const message = cause instanceof Error ? cause.message : String(cause);
    const copy = new Error(this.redact(message)) as Error & { code?: string };
    const code = (cause as { code?: unknown } | null)?.code;
    if (typeof code === "string") copy.code = this.redact(code);
    return copy;
  }
}
