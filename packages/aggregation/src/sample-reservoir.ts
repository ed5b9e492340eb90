import type { Context } from "./context-store.js";
import type { SampleKind } from "./metric-kind.js";

/**
 * The values of one distribution / histogram / timer context in one window.
 *
 * With sampling asked for (`maxSamplesPerContext`), every value is kept up to that bound; past
 * it, reservoir sampling (Vitter's algorithm R) keeps a uniform random subset of `bound` values.
 * Without it every value is kept: a full context is spilled (sent early), never sampled. `weight` is the number of events the window stands
 * for (each value weighs 1 / its sample rate), so `effectiveSampleRate` tells the server how to
 * scale what it receives back to the true count.
 */
export interface SampleContext extends Context {
  /** Which kind of sample: distribution, histogram or timer. */
  readonly kind: SampleKind;
  /** The values kept (at most the bound), in arrival order until the bound is reached. */
  readonly values: number[];
  /** How many values were offered in this window (kept or not). */
  seen: number;
  /** Sum of 1 / sampleRate over every value offered: the count the server should end up with. */
  weight: number;
}

/**
 * The sample rate to send with a context's values: `values.length / weight` (1 when exact).
 *
 * @example
 * ```ts
 * const rate = effectiveSampleRate(context); // 1 unless sampled or sent with a rate
 * ```
 */
export function effectiveSampleRate(context: SampleContext): number {
  return context.values.length / context.weight;
}

/** Offers `value` to the reservoir; returns false when it was not kept (sampled out). */
export function offerSample(
  context: SampleContext,
  value: number,
  sampleRate: number,
  bound: number,
): boolean {
  context.seen += 1;
  context.weight += 1 / sampleRate;
  const values = context.values;
  if (values.length < bound) {
    values.push(value);
    return true;
  }
  const slot = Math.floor(Math.random() * context.seen);
  if (slot < bound) {
    values[slot] = value;
  }
  // One value leaves the window either way: the one replaced, or this one.
  return false;
}
