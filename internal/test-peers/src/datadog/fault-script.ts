import type { Reply } from "./intake-types.js";

/**
 * The faults the intake is told to inject: replies queued for the next requests (of any path, or
 * of one path first), and a cycle of replies answered until a given time.
 *
 * @example
 * const faults = new FaultScript();
 * faults.failUntil(5600, [{ kind: "status", status: 500 }, { kind: "drop" }]);
 * faults.next("/api/v2/series"); // { kind: "status", status: 500 } for the next 5.6 s
 */
export class FaultScript {
  private readonly replies: Reply[] = [];
  private readonly pathReplies = new Map<string, Reply[]>();
  private failing: { until: number; cycle: Reply[]; next: number } | undefined;

  /** Replies for the next requests, in order. */
  script(...replies: Reply[]): void {
    this.replies.push(...replies);
  }

  /** Replies for the next requests to `path` only, in order (before any `script()` reply). */
  scriptPath(path: string, ...replies: Reply[]): void {
    const queue = this.pathReplies.get(path) ?? [];
    queue.push(...replies);
    this.pathReplies.set(path, queue);
  }

  /** Until `ms` from now, answers every request with the next reply of `cycle` (in a loop). */
  failUntil(ms: number, cycle: Reply[]): void {
    this.failing = { until: Date.now() + ms, cycle, next: 0 };
  }

  /** The fault for the next request to `path`, or `undefined` to accept it. */
  next(path: string): Reply | undefined {
    const own = this.pathReplies.get(path);
    if (own !== undefined && own.length > 0) return own.shift();
    if (this.replies.length > 0) return this.replies.shift();
    const failing = this.failing;
    if (failing !== undefined && Date.now() < failing.until && failing.cycle.length > 0) {
      return failing.cycle[failing.next++ % failing.cycle.length];
    }
    return undefined;
  }
}
