import { Deadline } from "./deadline.js";
import { onBeforeExit } from "./exit-flush.js";

/** What a {@link FlushWindow} runs, how often, and within what time. */
export interface FlushWindowOptions {
  /** Window length in ms; windows end on wall-clock multiples of it (e.g. :00, :01, :02 s). */
  intervalMs: number;
  /** The longest a `flush()` or `close()` takes, in ms, whatever `flush` and `release` do. */
  timeoutMs: number;
  /**
   * Sends what the window holds, waiting at most until `deadline`. Runs one at a time; a
   * rejection goes to `onError`. `ending` is true for the last flush of `close()` and for the
   * flush at a natural exit: the process is going away, so a transport brings its retries
   * forward and, by the deadline, gives up (and reports) what is still undelivered.
   */
  flush: (deadline: Deadline, ending: boolean) => Promise<void> | void;
  /** Releases sockets after the final flush of `close()`, by the same deadline. */
  release?: (deadline: Deadline) => Promise<void> | void;
  /** Receives anything `flush` or `release` threw or rejected with. */
  onError: (error: unknown) => void;
  /** Told when a flush or close was cut off at its deadline (what is lost is `flush`'s to report). */
  onLate?: (timeoutMs: number) => void;
  /**
   * When given, flush once on `beforeExit` while this says something is pending (see
   * `onBeforeExit`); unregistered by `close()`.
   */
  hasPending?: () => boolean;
}

/**
 * The flush schedule of a buffering transport: an unref'd timer firing on wall-clock multiples
 * of `intervalMs` (so windows line up with a server's 10 s flush when the interval divides it),
 * serialised flushes each bounded by `timeoutMs`, a flush when the process is about to exit on
 * its own, and `close()` = stop the timer, flush a last time, release, all within `timeoutMs`.
 *
 * @example
 * ```ts
 * const window = new FlushWindow({
 *   intervalMs: 1000,
 *   timeoutMs: 10_000,
 *   flush: (deadline) => sendWindow(aggregator.drain(), deadline),
 *   release: (deadline) => socket.close(deadline),
 *   onError: (error) => errors.report("transport_error", "flush", String(error)),
 *   hasPending: () => aggregator.size > 0,
 * });
 * await window.close();
 * ```
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
  private readonly unregisterExit: (() => void) | undefined;

  constructor(options: FlushWindowOptions) {
    for (const name of ["intervalMs", "timeoutMs"] as const) {
      const value = options[name];
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new TypeError(
          `${name} must be a positive integer of milliseconds, got ${String(value)}`,
        );
      }
    }
    this.intervalMs = options.intervalMs;
    this.options = options;
    const hasPending = options.hasPending;
    this.unregisterExit =
      hasPending === undefined
        ? undefined
        : onBeforeExit({ flush: () => this.request(true), hasPending });
    this.schedule();
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Flushes now, or right after the flush in progress; never rejects, settles within
   * `timeoutMs` of the call. Requests made while a flush waits to start share it. After
   * `close()`, returns the close promise.
   */
  flush(): Promise<void> {
    return this.request(false);
  }

  /** Stops the timer, flushes a last time, then releases, within `timeoutMs`. Idempotent. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.unregisterExit?.();
      const deadline = Deadline.in(this.options.timeoutMs);
      const { flush, release } = this.options;
      this.enqueue(() => flush(deadline, true));
      const done = release === undefined ? this.queue : this.enqueue(() => release(deadline));
      this.closing = this.bounded(done, deadline);
    }
    return this.closing;
  }

  /** A flush after the one in progress; an ending one (at exit) is never shared with others. */
  private request(ending: boolean): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    if (!ending && this.waiting !== undefined) return this.waiting;
    const deadline = Deadline.in(this.options.timeoutMs);
    const flush = this.options.flush;
    const queued = this.enqueue(() => {
      if (!ending) this.waiting = undefined;
      return flush(deadline, ending);
    });
    const bounded = this.bounded(queued, deadline);
    if (!ending) this.waiting = bounded;
    return bounded;
  }

  private async bounded(work: Promise<void>, deadline: Deadline): Promise<void> {
    if (await deadline.race(work)) return;
    try {
      this.options.onLate?.(this.options.timeoutMs);
    } catch {
      // A failing report must not break flush() or close().
    }
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
