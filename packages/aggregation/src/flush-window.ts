/** What a {@link FlushWindow} runs, and how often. */
export interface FlushWindowOptions {
  /** Window length in ms; windows end on wall-clock multiples of it (e.g. :00, :01, :02 s). */
  intervalMs: number;
  /** Sends what the window holds. Runs one at a time; a rejection goes to `onError`. */
  flush: () => Promise<void> | void;
  /** Releases sockets after the final flush of `close()`. */
  release?: () => Promise<void> | void;
  /** Receives anything `flush` or `release` threw or rejected with. */
  onError: (error: unknown) => void;
}

/**
 * The flush schedule of a buffering transport: an unref'd timer firing on wall-clock multiples
 * of `intervalMs` (so windows line up with a server's 10 s flush when the interval divides it),
 * serialised flushes, and `close()` = stop the timer, flush a last time, release.
 */
export class FlushWindow {
  /** The window length in ms. */
  readonly intervalMs: number;
  private readonly options: FlushWindowOptions;
  private timer: NodeJS.Timeout | undefined;
  private lastDeadline = 0;
  private queue: Promise<void> = Promise.resolve();
  /** A flush queued behind a running one and not started yet: later requests share it. */
  private waiting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: FlushWindowOptions) {
    if (!Number.isSafeInteger(options.intervalMs) || options.intervalMs < 1) {
      throw new TypeError(
        `flush interval must be a positive integer of milliseconds, got ${String(options.intervalMs)}`,
      );
    }
    this.intervalMs = options.intervalMs;
    this.options = options;
    this.schedule();
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Flushes now, or right after the flush in progress; never rejects. Requests made while a
   * flush waits to start share it, so a slow flush cannot pile up work. After `close()`,
   * returns the close promise.
   */
  flush(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    if (this.waiting !== undefined) return this.waiting;
    const flush = this.options.flush;
    const queued = this.enqueue(() => {
      this.waiting = undefined;
      return flush();
    });
    this.waiting = queued;
    return queued;
  }

  /** Stops the timer, flushes a last time, then releases. Idempotent. Never rejects. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.enqueue(this.options.flush);
      const release = this.options.release;
      this.closing = release === undefined ? this.queue : this.enqueue(release);
    }
    return this.closing;
  }

  private enqueue(step: () => Promise<void> | void): Promise<void> {
    const onError = this.options.onError;
    this.queue = this.queue.then(step).then(undefined, (error: unknown) => {
      try {
        onError(error);
      } catch {
        // An error handler that throws must not break the flush chain.
      }
    });
    return this.queue;
  }

  private schedule(): void {
    const interval = this.intervalMs;
    const now = Date.now();
    // The next wall-clock multiple of the interval, strictly after the one just served (a timer
    // may fire a little early by the wall clock, which must not cause a second flush).
    const deadline = Math.max(
      (Math.floor(now / interval) + 1) * interval,
      this.lastDeadline + interval,
    );
    this.lastDeadline = deadline;
    this.timer = setTimeout(this.tick, deadline - now);
    this.timer.unref();
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.closing !== undefined) return;
    void this.flush();
    this.schedule();
  };
}
