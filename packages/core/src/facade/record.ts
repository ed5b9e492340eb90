import type { EmitOptions, IncrOptions } from "../options.js";
import { emit } from "../pipeline/emit.js";
import { reportUnreadable } from "../report.js";
import { type GlobalState, state } from "../slot/global-state.js";
import { currentScope } from "./scope.js";

/** The signature of {@link incr}: `incr(key, options?)` or `incr(key, amount, options?)`. */
export interface Incr {
  (key: string, options?: IncrOptions): void;
  (key: string, amount: number, options?: IncrOptions): void;
}

/**
 * Builds the recording functions around the shared state. Each looks the backend up on every
 * call, so a library's metrics reach a backend configured later, and returns at once while the
 * no-op backend is in place. Kept small: `test/bytecode-size.test.ts` fails when one stops
 * being cheap to inline.
 *
 * The state is a `const` of this function's scope: bundlers turn a module's `const` into a
 * `var`, which V8 re-checks on every call (Node 20: 2.2 ns a no-op call instead of 1.3).
 */
function recorders(shared: GlobalState) {
  const s = shared;

  const incr: Incr = (
    key: string,
    amountOrOptions?: number | IncrOptions,
    options?: IncrOptions,
  ): void => {
    if (s.backend !== s.noop) emitIncr(key, amountOrOptions, options);
  };

  return {
    incr,
    gauge(key: string, value: number, options?: EmitOptions): void {
      if (s.backend !== s.noop) emit("gauge", key, value, options, currentScope());
    },
    distribution(key: string, value: number, options?: EmitOptions): void {
      if (s.backend !== s.noop) emit("distribution", key, value, options, currentScope());
    },
    timing(key: string, seconds: number, options?: EmitOptions): void {
      if (s.backend !== s.noop) emit("timing", key, seconds, options, currentScope());
    },
    set(key: string, member: string | number, options?: EmitOptions): void {
      if (s.backend !== s.noop) emit("set", key, member, options, currentScope());
    },
  };
}

/**
 * `incr` once a backend is set: reads its two call forms. Kept out of `incr` so that `incr`
 * stays cheap to inline (checked by `test/bytecode-size.test.ts`).
 */
function emitIncr(
  key: string,
  amountOrOptions: number | IncrOptions | undefined,
  options: IncrOptions | undefined,
): void {
  let amount: unknown = 1;
  let emitOptions = options;
  if (
    amountOrOptions === undefined ||
    (typeof amountOrOptions === "object" && amountOrOptions !== null)
  ) {
    emitOptions = amountOrOptions;
    try {
      const optionAmount = amountOrOptions?.amount;
      if (optionAmount !== undefined) amount = optionAmount;
    } catch (error) {
      reportUnreadable(key, "options", error);
      return;
    }
  } else {
    amount = amountOrOptions;
  }
  emit("incr", key, amount, emitOptions, currentScope());
}

const recorded = recorders(state);

/**
 * Counts `amount` (default 1): `incr(key, options?)` or `incr(key, amount, options?)`.
 *
 * @example
 * ```ts
 * incr("jobs.processed", { tags: { queue: "email" } });
 * incr("bytes.read", 512, { tags: { disk: "a" } });
 * ```
 * @function
 */
export const incr: Incr = recorded.incr;

/**
 * Records the current value of something; the last value in a flush window wins.
 *
 * @example
 * ```ts
 * gauge("queue.depth", queue.length, { tags: { queue: "email" } });
 * ```
 * @function
 */
export const gauge: (key: string, value: number, options?: EmitOptions) => void = recorded.gauge;

/**
 * Records one value of a distribution; every value counts (percentiles are computed server-side).
 *
 * @example
 * ```ts
 * distribution("payload.size", body.length, { unit: "byte" });
 * ```
 * @function
 */
export const distribution: (key: string, value: number, options?: EmitOptions) => void =
  recorded.distribution;

/**
 * Records a duration **in seconds** (Sentry's convention; transports send milliseconds).
 *
 * @example
 * ```ts
 * timing("db.query", 0.042, { tags: { table: "users" } });
 * ```
 * @function
 */
export const timing: (key: string, seconds: number, options?: EmitOptions) => void =
  recorded.timing;

/**
 * Records a member of a set; the number of unique members per flush window counts.
 *
 * @example
 * ```ts
 * set("users.active", user.id);
 * ```
 * @function
 */
export const set: (key: string, member: string | number, options?: EmitOptions) => void =
  recorded.set;
