/**
 * A list of finite numbers written as JSON straight into a byte buffer, the way
 * `values.join(",")` would print them. Integers (durations in ms, sizes, counts: the common
 * distribution values) get their digits written by hand, about twice as fast as V8's generic
 * number-to-string; every other number is printed by `String`, which is exactly what JSON takes.
 */

/** Most bytes a finite number takes (`-0.0000012345678901234567`: 25), plus its comma. */
export const MAX_NUMBER_BYTES = 26;

/**
 * Writes `values[start..end)`, separated by commas (no brackets), into `out` from `at`; returns
 * where they end. `out` must hold `MAX_NUMBER_BYTES` per value from `at`.
 *
 * @example
 * const out = Buffer.alloc(100);
 * out.toString("latin1", 0, writeNumberList(out, 0, [1, 22, -3, 0.5], 0, 4)); // "1,22,-3,0.5"
 */
export function writeNumberList(
  out: Buffer,
  at: number,
  values: readonly number[],
  start: number,
  end: number,
): number {
  let next = at;
  for (let i = start; i < end; i++) {
    const value = values[i] as number;
    if (i > start) out[next++] = 0x2c; // ","
    // An int32 (or -0, which prints as "0") by hand; anything else as V8 prints it.
    if ((value | 0) === value) next = writeInt32(out, next, value);
    else next += out.write(String(value), next, "latin1");
  }
  return next;
}

/** Writes the decimal digits of an int32 at `at`; returns where they end. */
function writeInt32(out: Buffer, at: number, value: number): number {
  let n = value;
  if (n < 0) {
    out[at++] = 0x2d; // "-"
    n = -n; // at most 2^31: `| 0` below still divides it right
  }
  const end = at + digitCount(n);
  for (let i = end - 1; i > at; i--) {
    const tenth = (n / 10) | 0; // n < 2^31: int32 arithmetic
    out[i] = 0x30 + n - tenth * 10;
    n = tenth;
  }
  out[at] = 0x30 + n;
  return end;
}

function digitCount(n: number): number {
  if (n < 100_000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : 5;
  return n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
}
