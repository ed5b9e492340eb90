/**
 * A point in time that work must finish by: `flush()` and `close()` take one, and everything
 * they wait for (a socket drain, a retry's backoff, an HTTP request) is cut to what remains.
 *
 * @example
 * ```ts
 * const deadline = Deadline.in(10_000);
 * await deadline.race(socket.drained()); // at most the 10 s left
 * if (deadline.expired) report("still unsent after 10 s");
 * ```
 */
export class Deadline {
  /** When it passes, as a `Date.now()` timestamp. */
  readonly at: number;

  private constructor(at: number) {
    this.at = at;
  }

  /** A deadline `ms` from now. */
  static in(ms: number): Deadline {
    return new Deadline(Date.now() + Math.max(0, ms));
  }

  /** Milliseconds left, never negative. */
  get remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  /** True once the deadline has passed. */
  get expired(): boolean {
    return Date.now() >= this.at;
  }

  /**
   * Resolves to `true` when `work` settles first (fulfilled or rejected: the rejection is left to
   * `work`'s own handlers), `false` when the deadline passes first. The timer is unref'd.
   */
  race(work: Promise<unknown>): Promise<boolean> {
    return settleWithin(work, this.remainingMs);
  }
}

/**
 * Resolves `true` once `work` settles, or `false` after `ms` if it has not (an unref'd timer, so
 * waiting never keeps the process alive). Never rejects.
 *
 * @example
 * ```ts
 * const inTime = await settleWithin(socket.close(), 1_000);
 * ```
 */
export function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    const settled = () => {
      clearTimeout(timer);
      resolve(true);
    };
    work.then(settled, settled);
  });
}
