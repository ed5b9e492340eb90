/**
 * How many times to record a value that was kept with probability `sampleRate`, for a destination
 * that cannot carry the rate: 1/rate rounded up or down at random, so the expected number of
 * recordings is exactly 1/rate and the destination's counts stay unbiased (rate 0.3 gives 3 or 4,
 * 4 with probability 1/3).
 *
 * @example
 * ```ts
 * for (let n = sampleRepeats(0.25); n > 0; n--) sdk.metrics.distribution(key, value); // 4 times
 * ```
 */
export function sampleRepeats(sampleRate: number, random: () => number = Math.random): number {
  if (sampleRate >= 1) return 1;
  const repeats = 1 / sampleRate;
  const whole = Math.floor(repeats);
  return random() < repeats - whole ? whole + 1 : whole;
}
