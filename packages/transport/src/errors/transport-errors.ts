import {
  callSafely,
  type ErrorHandler,
  MetricsError,
  type MetricsErrorCode,
  reportError,
} from "@metrics/core";

/** What one failure carries besides its code, kind and message. */
export interface FailureDetails {
  /** The metric key concerned, when there is one. */
  readonly key?: string;
  /** How many metrics, values or lines this one failure lost. */
  readonly dropped?: number;
  /** The underlying error (a socket error, an HTTP failure). */
  readonly cause?: unknown;
}

/** How a {@link TransportErrors} reports. */
export interface TransportErrorsOptions {
  /** Receives every report. Default: core's `reportError` (the application's `onError`). */
  readonly onError?: ErrorHandler | undefined;
  /** Each kind is delivered at most once per this many ms; `0` delivers every failure. */
  readonly intervalMs: number;
  /** Starts every message, e.g. `"@metrics/statsd"`. */
  readonly source: string;
  /** Rewrites every message and key before delivery (e.g. to cut an API key out). */
  readonly redact?: (text: string) => string;
}

/** One kind's window: what was held back since its last delivery. */
interface KindWindow {
  code: MetricsErrorCode;
  message: string;
  endsAt: number;
  suppressed: number;
  dropped: number;
  timer: NodeJS.Timeout | undefined;
}

/** Bound on kinds remembered at once (kinds are a transport's own short list, plus error codes). */
const MAX_KINDS = 1000;

/**
 * Reporters that hold failures back, and one `exit` listener for all of them: a summary waits on
 * an unref'd timer, so a process that ends inside a window (calls made after `close()`, a socket
 * failing at exit) would take it along. At `exit` they are delivered, synchronously, as the
 * handlers run. (One listener for every reporter: one each would trip Node's listener warning.)
 */
const holdingBack = new Set<TransportErrors>();
function deliverHeldBackAtExit(): void {
  for (const errors of holdingBack) errors.close();
}

/**
 * The one error reporter of every transport. Each kind of failure (`transport_error:ECONNREFUSED`,
 * `dropped:oversize`, …) has its own window of `intervalMs`: the first failure of a window is
 * delivered at once; the rest are counted, their `dropped` summed, and one summary per kind is
 * delivered when the window ends (an unref'd timer) or at `close()`, so the `dropped` of every
 * report adds up to exactly what was lost and nothing floods `onError`. Never throws.
 *
 * @example
 * ```ts
 * const errors = new TransportErrors({ intervalMs: 10_000, source: "@metrics/statsd" });
 * errors.report("dropped", "dropped:oversize", "a line of 9000 bytes exceeds maxPacketSize", {
 *   key: "api.latency",
 *   dropped: 1,
 * });
 * errors.close(); // delivers what the open windows held back
 * ```
 */
export class TransportErrors {
  private readonly handler: ErrorHandler;
  private readonly intervalMs: number;
  private readonly source: string;
  private readonly redact: ((text: string) => string) | undefined;
  private readonly windows = new Map<string, KindWindow>();

  constructor(options: TransportErrorsOptions) {
    this.handler = options.onError ?? reportError;
    this.intervalMs = options.intervalMs;
    this.source = options.source;
    this.redact = options.redact;
  }

  /**
   * Reports one failure of `kind` (the throttling bucket) with `code`. `details.dropped` is what
   * this failure lost; it reaches `onError` either in this report or in the kind's summary.
   */
  report(
    code: MetricsErrorCode,
    kind: string,
    message: string,
    details: FailureDetails = {},
  ): void {
    const now = Date.now();
    const window = this.windows.get(kind);
    if (window !== undefined && now < window.endsAt) {
      window.suppressed += 1;
      window.dropped += details.dropped ?? 0;
      window.code = code;
      window.message = message;
      window.timer ??= this.summaryTimer(kind, window.endsAt - now);
      return;
    }
    if (window !== undefined) this.summarize(kind, window);
    if (this.intervalMs > 0) {
      if (this.windows.size >= MAX_KINDS) this.close();
      this.windows.set(kind, {
        code,
        message,
        endsAt: now + this.intervalMs,
        suppressed: 0,
        dropped: 0,
        timer: undefined,
      });
    }
    this.deliver(code, message, details);
  }

  /** True while a window holds failures back for its summary (delivered by `close()`). */
  get holdsBack(): boolean {
    for (const window of this.windows.values()) if (window.suppressed > 0) return true;
    return false;
  }

  /** Delivers the summary of every window that holds something back, now. Reporting goes on. */
  close(): void {
    for (const [kind, window] of this.windows) this.deliverSummary(kind, window);
    this.windows.clear();
    this.releaseExitHook();
  }

  private releaseExitHook(): void {
    if (!holdingBack.delete(this) || holdingBack.size > 0) return;
    process.off("exit", deliverHeldBackAtExit);
  }

  /** The timer that ends a window holding failures back; while any waits, so does the exit hook. */
  private summaryTimer(kind: string, delayMs: number): NodeJS.Timeout {
    if (holdingBack.size === 0) process.once("exit", deliverHeldBackAtExit);
    holdingBack.add(this);
    const timer = setTimeout(() => {
      const window = this.windows.get(kind);
      if (window !== undefined) this.summarize(kind, window);
    }, delayMs);
    timer.unref();
    return timer;
  }

  /** A window's summary before `close()`; the exit hook goes once nothing else is held back. */
  private summarize(kind: string, window: KindWindow): void {
    this.deliverSummary(kind, window);
    if (!this.holdsBack) this.releaseExitHook();
  }

  private deliverSummary(kind: string, window: KindWindow): void {
    if (window.timer !== undefined) clearTimeout(window.timer);
    window.timer = undefined;
    const { suppressed, dropped } = window;
    if (suppressed === 0) return;
    window.suppressed = 0;
    window.dropped = 0;
    const message = `${window.message} (${suppressed} more like it within ${this.intervalMs} ms; ${kind})`;
    this.deliver(window.code, message, dropped > 0 ? { dropped } : {});
  }

  private deliver(code: MetricsErrorCode, message: string, details: FailureDetails): void {
    const redact = this.redact;
    const text = `${this.source}: ${message}`;
    let cause = details.cause;
    if (redact !== undefined && cause !== undefined) cause = redactedCause(cause, redact);
    const error = new MetricsError(code, redact === undefined ? text : redact(text), {
      key: details.key === undefined || redact === undefined ? details.key : redact(details.key),
      dropped: details.dropped,
      cause,
    });
    callSafely(this.handler, error);
  }
}

/** A copy of a cause with only its message and code, both redacted. */
function redactedCause(cause: unknown, redact: (text: string) => string): Error {
  const message = cause instanceof Error ? cause.message : typeof cause;
  const copy = new Error(redact(message)) as Error & { code?: string };
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === "string") copy.code = redact(code);
  return copy;
}
