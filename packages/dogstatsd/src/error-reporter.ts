import { type ErrorHandler, MetricsError, type MetricsErrorCode } from "@metrics/core";

interface KindState {
  code: MetricsErrorCode;
  message: string;
  reportedAt: number;
  suppressed: number;
  dropped: number;
}

/**
 * Reports each kind of failure at most once per window: a dead agent or a flood of bad calls
 * yields one error per kind, whose `dropped` and message count everything since the last report,
 * so nothing is lost silently and nothing floods `onError`. Unlike `ErrorThrottle` of
 * `@metrics/aggregation`, which tells the suppressed count only when the same kind fails again,
 * this also reports what a window suppressed once the window is over (at each flush and at
 * `close()`), with the lines those failures dropped summed.
 */
export class ErrorReporter {
  private readonly kinds = new Map<string, KindState>();

  constructor(
    private readonly onError: ErrorHandler,
    private readonly windowMs: number,
  ) {}

  /**
   * @param kind what went wrong, e.g. `transport_error:ECONNREFUSED` (the rate-limit bucket)
   * @param dropped how many metric lines or samples this occurrence lost
   */
  report(
    code: MetricsErrorCode,
    kind: string,
    message: string,
    details: { key?: string; dropped?: number; cause?: unknown } = {},
  ): void {
    const now = Date.now();
    const state = this.kinds.get(kind);
    if (state && now - state.reportedAt < this.windowMs) {
      state.suppressed++;
      state.dropped += details.dropped ?? 0;
      return;
    }
    if (this.kinds.size >= 1000) this.kinds.clear();
    const earlier = state && state.suppressed > 0 ? state : undefined;
    this.kinds.set(kind, { code, message, reportedAt: now, suppressed: 0, dropped: 0 });
    const dropped =
      details.dropped === undefined && !earlier?.dropped
        ? undefined
        : (details.dropped ?? 0) + (earlier?.dropped ?? 0);
    const suffix = earlier ? ` (and ${earlier.suppressed} more like it since the last report)` : "";
    const error = new MetricsError(code, `@metrics/dogstatsd: ${message}${suffix}`, {
      ...details,
      ...(dropped === undefined ? {} : { dropped }),
    });
    this.deliver(error);
  }

  /** Reports what was suppressed in windows that have ended (called on each flush and on close). */
  reportSuppressed(force = false): void {
    const now = Date.now();
    for (const state of this.kinds.values()) {
      if (state.suppressed === 0 || (!force && now - state.reportedAt < this.windowMs)) continue;
      const { suppressed, dropped } = state;
      state.reportedAt = now;
      state.suppressed = 0;
      state.dropped = 0;
      this.deliver(
        new MetricsError(
          state.code,
          `@metrics/dogstatsd: ${state.message} (${suppressed} more like it since the last report)`,
          dropped > 0 ? { dropped } : {},
        ),
      );
    }
  }

  private deliver(error: MetricsError): void {
    try {
      this.onError(error);
    } catch {
      // A failing handler must not break the caller; there is nowhere left to report to.
    }
  }
}
