/**
 * `values.slice(start, end).join(",")` for finite numbers, faster when they are integers
 * (durations in ms, sizes, counts: the common distribution values). `join` converts each number
 * through V8's generic number-to-string; here integer digits are written straight into a
 * reusable byte buffer, which becomes one string with a single copy. From the first other number
 * on, the rest goes through `join`, whose output is exactly what JSON takes.
 */

/** Characters of the longest int32 with its sign, plus a comma. */
const MAX_INTEGER_CHARS = 12;
let scratch = Buffer.allocUnsafe(1000 * MAX_INTEGER_CHARS);

/**
 * The JSON of `values[start..end)` separated by commas (no brackets).
 *
 * @example
 * numberList([1, 22, -3, 0.5], 0, 4); // "1,22,-3,0.5"
 */
export function numberList(values: readonly number[], start: number, end: number): string {
  const needed = (end - start) * MAX_INTEGER_CHARS;
  if (scratch.length < needed) scratch = Buffer.allocUnsafe(needed);
  const out = scratch;
  let at = 0;
  for (let i = start; i < end; i++) {
    const value = values[i] as number;
    // An int32 (or -0, which prints as "0"): anything else goes to `join`.
    if ((value | 0) !== value) {
      const rest = values.slice(i, end).join(",");
      return at === 0 ? rest : `${out.toString("latin1", 0, at)},${rest}`;
    }
    if (i > start) out[at++] = 0x2c; // ","
    at = writeInt32(out, at, value);
  }
  return out.toString("latin1", 0, at);
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
