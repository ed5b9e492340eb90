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
 * A sample context while its window is open. Its `values` array may be one a previous window
 * used (see `Aggregator.recycle`): only the first `kept` entries are this window's, and the
 * array is cut to `kept` before anyone else reads it. Growing a new array per context per
 * window copied it at every regrowth and left ~30 bytes of garbage per value, which made the
 * young generation collect several times a second under a steady stream of distributions.
 */
export interface OpenSampleContext extends SampleContext {
  /** How many of `values` are this window's. */
  kept: number;
}

/** Cuts `values` to what this window kept, so it can be handed out (spilled or drained). */
export function closeValues(context: OpenSampleContext): void {
  context.values.length = context.kept;
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
  context: OpenSampleContext,
  value: number,
  sampleRate: number,
  bound: number,
): boolean {
  context.seen += 1;
  context.weight += 1 / sampleRate;
  const kept = context.kept;
  if (kept < bound) {
    // Within a recycled array's length this overwrites; at its end it appends, as `push` would.
    context.values[kept] = value;
    context.kept = kept + 1;
    return true;
  }
  const slot = Math.floor(Math.random() * context.seen);
  if (slot < bound) {
    context.values[slot] = value;
  }
  // One value leaves the window either way: the one replaced, or this one.
  return false;
}
