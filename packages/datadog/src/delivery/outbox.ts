import { settleWithin, type TransportErrors } from "@metrics/transport";
import { halve, type PackedPayload } from "../encoding/pack-payloads.js";
import { RequestAbortedError } from "./delivery-errors.js";
import { MAX_POINT_AGE_SECONDS } from "./limits.js";
import type { RetryPolicy } from "./retry-policy.js";

/** A payload waiting for (another) attempt. */
interface Entry {
  readonly payload: PackedPayload;
  /** Seconds since the epoch of its points (one window per payload). */
  readonly timestamp: number;
  attempts: number;
  /** Not sent before this time (ms since the epoch). */
  notBefore: number;
  /** Called once, when the payload was accepted or given up. */
  readonly settle: () => void;
}

export interface OutboxOptions {
  /** Sends one payload; resolves when the intake accepted it. */
  readonly send: (payload: PackedPayload) => Promise<void>;
  readonly policy: RetryPolicy;
  readonly errors: TransportErrors;
  /** Bound on the JSON bytes held (queued and in flight). */
  readonly maxQueueBytes: number;
  /** Retries of one payload before it is given up. */
  readonly maxRetries: number;
}

/** While ending, no retry waits longer than this: the deadline, not a backoff, is the bound. */
const CLOSING_RETRY_MS = 250;
/** Why a payload is lost at the deadline of `close()` or of the flush at a natural exit. */
const ENDING_DEADLINE = "deadline of close() or of the exit flush reached before delivery";

/**
 * Holds the payloads of one endpoint until the intake accepts them (each endpoint has its own, so
 * one failing endpoint never holds back another). One request at a time, oldest first: when the
 * intake fails, retries go in order with the policy's backoff (later payloads wait too, which is
 * also what a rate limit asks for). After `hurry()` (the process is going away: `close()` or a
 * natural exit) every wait is brought forward and retries come every 250 ms at most, without a
 * retry limit: the caller's deadline (`abandon()`, `stop()`) bounds them. The bytes held are
 * bounded; past the bound the oldest payloads are dropped and reported. Timers are unref'd unless
 * someone awaits `drain()`.
 *
 * @example
 * const outbox = new Outbox({ send, policy, errors, maxQueueBytes: 8 << 20, maxRetries: 8 });
 * void outbox.add(payload, timestamp);
 * await outbox.drain();
 */
export class Outbox {
  private readonly queue: Entry[] = [];
  private readonly unsettled = new Set<Promise<void>>();
  private bytes = 0;
  private pumping = false;
  private stopped = false;
  private wake: NodeJS.Timeout | undefined;
  private waiters = 0;
  private hurrying = false;

  constructor(private readonly options: OutboxOptions) {}

  /** Queues a payload; the promise settles once it was accepted or reported lost. */
  add(payload: PackedPayload, timestamp: number): Promise<void> {
    if (this.stopped) {
      this.lose(payload, "closed", "backend closed before the payload could be sent");
      return Promise.resolve();
    }
    const settled = this.enqueue(payload, timestamp, 0, Date.now(), "back");
    this.makeRoom();
    this.pump();
    return settled;
  }

  /**
   * Resolves once everything queued or in flight now has been accepted or reported lost (the
   * halves of a payload split later settle with it), or after `withinMs`. Payloads added
   * afterwards are not waited for, so a flush under constant traffic still ends.
   */
  async drain(withinMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.unsettled.size === 0) return;
    this.waiters += 1;
    if (this.waiters === 1) this.wake?.ref();
    try {
      const settled = Promise.all([...this.unsettled]);
      // Past `withinMs` the caller stops waiting, and so do the timers it kept referenced: a
      // flush that gave up must not keep the process alive for the remaining retries.
      if (withinMs === Number.POSITIVE_INFINITY) await settled;
      else await settleWithin(settled, Math.max(0, withinMs));
    } finally {
      this.waiters -= 1;
      if (this.waiters === 0) this.wake?.unref();
    }
  }

  /** The process is going away: every waiting retry goes now, later ones within 250 ms. */
  hurry(): void {
    this.hurrying = true;
    for (const entry of this.queue) entry.notBefore = 0;
    if (this.wake !== undefined) clearTimeout(this.wake);
    this.wake = undefined;
    void this.pump();
  }

  /** Bytes held (queued and in flight). */
  get heldBytes(): number {
    return this.bytes;
  }

  /**
   * The deadline of an ending flush has passed: what is queued is reported lost, and retries wait
   * their backoff again (the outbox stays usable, should the process go on after all). The
   * request in flight is the caller's to abort; its attempt then reports it lost.
   */
  abandon(): void {
    this.hurrying = false;
    if (this.wake !== undefined) clearTimeout(this.wake);
    this.wake = undefined;
    for (const entry of this.queue.splice(0)) {
      this.bytes -= entry.payload.bytes;
      this.lose(entry.payload, "close_timeout", ENDING_DEADLINE);
      entry.settle();
    }
  }

  /** Abandons what is queued and sends no more. */
  stop(): void {
    this.stopped = true;
    this.abandon();
  }

  private enqueue(
    payload: PackedPayload,
    timestamp: number,
    attempts: number,
    notBefore: number,
    where: "front" | "back",
  ): Promise<void> {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.unsettled.add(settled);
    const entry: Entry = {
      payload,
      timestamp,
      attempts,
      notBefore,
      settle: () => {
        this.unsettled.delete(settled);
        settle();
      },
    };
    this.bytes += payload.bytes;
    if (where === "front") this.queue.unshift(entry);
    else this.queue.push(entry);
    return settled;
  }

  /** Drops the oldest queued payloads until the bytes held fit the bound again. */
  private makeRoom(): void {
    while (this.bytes > this.options.maxQueueBytes && this.queue.length > 0) {
      const oldest = this.queue.shift() as Entry;
      this.bytes -= oldest.payload.bytes;
      this.lose(
        oldest.payload,
        "queue_full",
        `queue full (maxQueueBytes ${this.options.maxQueueBytes}): oldest payload dropped`,
      );
      oldest.settle();
    }
  }

  private lose(payload: PackedPayload, kind: string, why: string, cause?: unknown): void {
    this.options.errors.report(
      kind === "closed" || kind === "close_timeout" || kind === "queue_full" || kind === "too_old"
        ? "dropped"
        : "transport_error",
      `${payload.kind}:${kind}`,
      `${payload.kind} points lost: ${why}`,
      { dropped: payload.points, cause },
    );
  }

  private schedule(delayMs: number): void {
    if (this.wake !== undefined) clearTimeout(this.wake);
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.pump();
    }, delayMs);
    if (this.waiters === 0) this.wake.unref();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.queue.length > 0) {
        const entry = this.queue[0] as Entry;
        const wait = entry.notBefore - Date.now();
        if (wait > 0) {
          this.schedule(wait);
          return;
        }
        this.queue.shift();
        if (entry.timestamp < Date.now() / 1000 - MAX_POINT_AGE_SECONDS) {
          this.bytes -= entry.payload.bytes;
          this.lose(entry.payload, "too_old", "points older than the API accepts (1 hour)");
          entry.settle();
          continue;
        }
        await this.attempt(entry);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    const { payload } = entry;
    entry.attempts += 1;
    try {
      await this.options.send(payload);
      this.bytes -= payload.bytes;
      entry.settle();
      return;
    } catch (error) {
      const action = this.options.policy.decide(error, entry.attempts);
      const retriesLeft = this.hurrying || entry.attempts <= this.options.maxRetries;
      if (action.kind === "retry" && !this.stopped && retriesLeft) {
        const delayMs = this.hurrying ? Math.min(action.delayMs, CLOSING_RETRY_MS) : action.delayMs;
        entry.notBefore = Date.now() + delayMs;
        this.queue.unshift(entry);
        return;
      }
      this.bytes -= payload.bytes;
      if (action.kind === "split") {
        const halves = halve(payload);
        if (halves !== undefined) {
          // The halves go first, in order; the original settles once both have.
          const [left, right] = halves;
          const both = [
            this.enqueue(right, entry.timestamp, 0, 0, "front"),
            this.enqueue(left, entry.timestamp, 0, 0, "front"),
          ];
          Promise.all(both).then(entry.settle);
          return;
        }
      }
      if (this.stopped || error instanceof RequestAbortedError) {
        this.lose(payload, "close_timeout", ENDING_DEADLINE, error);
      } else if (action.kind === "retry") {
        this.lose(
          payload,
          "retries_exhausted",
          `intake still failing after ${entry.attempts} attempts (${action.reason})`,
          error,
        );
      } else {
        const status = action.kind === "drop" ? action.status : undefined;
        this.lose(
          payload,
          status === undefined ? "rejected" : `http_${status}`,
          `intake refused the payload (${action.reason}); not retried`,
          error,
        );
      }
      entry.settle();
    }
  }
}
