import { emit } from "./emit.js";
import { NOOP, state } from "./global-state.js";
import type { EmitOptions, IncrOptions } from "./options.js";
import { currentScope } from "./scope.js";

// Each function looks the backend up on every call, so a library's metrics reach a backend
// configured later, and returns at once while the no-op backend is in place.

/** Counts `amount` (default 1): `incr(key, options?)` or `incr(key, amount, options?)`. */
export function incr(key: string, options?: IncrOptions): void;
export function incr(key: string, amount: number, options?: IncrOptions): void;
export function incr(key: string, amountOrOptions?: number | IncrOptions, options?: IncrOptions) {
  if (state.backend === NOOP) return;
  let amount: unknown = 1;
  let emitOptions = options;
  if (
    amountOrOptions === undefined ||
    (typeof amountOrOptions === "object" && amountOrOptions !== null)
  ) {
    emitOptions = amountOrOptions;
    const optionAmount = amountOrOptions?.amount;
    if (optionAmount !== undefined) amount = optionAmount;
  } else {
    amount = amountOrOptions;
  }
  emit("incr", key, amount, emitOptions, currentScope());
}

/** Records the current value of something; the last value in a flush window wins. */
export function gauge(key: string, value: number, options?: EmitOptions): void {
  if (state.backend === NOOP) return;
  emit("gauge", key, value, options, currentScope());
}

/** Records one value of a distribution; every value counts (percentiles are computed server-side). */
export function distribution(key: string, value: number, options?: EmitOptions): void {
  if (state.backend === NOOP) return;
  emit("distribution", key, value, options, currentScope());
}

/** Records a duration **in seconds** (Sentry's convention; transports send milliseconds). */
export function timing(key: string, seconds: number, options?: EmitOptions): void {
  if (state.backend === NOOP) return;
  emit("timing", key, seconds, options, currentScope());
}

/** Records a member of a set; the number of unique members per flush window counts. */
export function set(key: string, member: string | number, options?: EmitOptions): void {
  if (state.backend === NOOP) return;
  emit("set", key, member, options, currentScope());
}
