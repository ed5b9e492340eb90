/** The most copies one sampled value is recorded as; rarer rates are reported (see below). */
export const MAX_COPIES = 10_000;

/**
 * How many times to record a value kept with probability `sampleRate`, for a destination that
 * cannot carry a rate: 1/rate rounded up or down at random, so that the expected count is
 * exactly 1/rate (0.3 gives 3 two times in three and 4 one time in three).
 *
 * @example
 * copiesFor(1); // 1
 * copiesFor(0.25); // 4
 */
export function copiesFor(sampleRate: number): number {
  if (sampleRate >= 1) return 1;
  const expected = 1 / sampleRate;
  const whole = Math.floor(expected);
  return Math.random() < expected - whole ? whole + 1 : whole;
}
