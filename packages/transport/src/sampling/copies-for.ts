import type { TransportErrors } from "../errors/transport-errors.js";

/**
 * The most copies one sampled value is recorded as. A rarer rate (below 1/10,000) records this
 * many; the destination reports the rest as dropped, so no rate can make one call loop for long.
 */
export const MAX_COPIES = 10_000;

/**
 * How many times a destination that cannot carry a sample rate (OpenTelemetry, Prometheus,
 * Sentry) records a value kept with probability `sampleRate`: 1/rate rounded up or down at
 * random, so the expected count is exactly 1/rate and the destination's counts stay unbiased
 * (0.3 gives 3 two times in three and 4 one time in three). The caller caps it at `MAX_COPIES`.
 *
 * @example
 * ```ts
 * copiesFor(1); // 1
 * copiesFor(0.25); // 4
 * copiesFor(0.3, () => 0.2); // 4: 1/0.3 = 3.33, rounded up with probability 1/3
 * ```
 */
export function copiesFor(sampleRate: number, random: () => number = Math.random): number {
  if (sampleRate >= 1) return 1;
  const expected = 1 / sampleRate;
  const whole = Math.floor(expected);
  return random() < expected - whole ? whole + 1 : whole;
}

/**
 * `copiesFor(sampleRate)`, capped at `MAX_COPIES`; the copies past the cap are reported through
 * `errors` as `dropped`, with their exact count and the key.
 *
 * @example
 * ```ts
 * for (let n = cappedCopies(rate, key, errors); n > 0; n--) histogram.record(value, attributes);
 * ```
 */
export function cappedCopies(sampleRate: number, key: string, errors: TransportErrors): number {
  const copies = copiesFor(sampleRate);
  if (copies <= MAX_COPIES) return copies;
  const dropped = copies - MAX_COPIES;
  errors.report(
    "dropped",
    `copies:${key}`,
    `"${key}": a value sampled at ${sampleRate} stands for ${copies} values; ${MAX_COPIES} recorded, ${dropped} dropped`,
    { key, dropped },
  );
  return MAX_COPIES;
}
