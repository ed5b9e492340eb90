/**
 * Delivers at most one error per kind per window of `windowMs` (the rest are counted and the
 * count handed to the next delivery's builder), so a dead server cannot flood `onError`.
 * Delivery never throws, even when the handler does.
 */
export class ErrorThrottle<E> {
  private readonly deliver: (error: E) => void;
  private readonly windowMs: number;
  private readonly kinds = new Map<string, { until: number; suppressed: number }>();

  constructor(deliver: (error: E) => void, windowMs: number) {
    this.deliver = deliver;
    this.windowMs = windowMs;
  }

  /**
   * Reports an error of `kind` unless one was reported less than `windowMs` ago. `build` gets how
   * many were suppressed since the last delivery of this kind and is only called to deliver.
   */
  report(kind: string, build: (suppressed: number) => E): void {
    const now = Date.now();
    const state = this.kinds.get(kind);
    if (state !== undefined && now < state.until) {
      state.suppressed += 1;
      return;
    }
    const suppressed = state?.suppressed ?? 0;
    this.kinds.set(kind, { until: now + this.windowMs, suppressed: 0 });
    try {
      this.deliver(build(suppressed));
    } catch {
      // The application's handler failed; there is nowhere left to report it, and a metrics call
      // must never throw.
    }
  }
}
