// The global `Buffer` is an accessor: reading it calls a getter on every use (seen in profiles).
import { Buffer } from "node:buffer";
import type { Emit } from "./flavour.js";

/**
 * Renders the values of one context as the fewest lines of at most `maxBytes` UTF-8 bytes each,
 * every line being `head + part(v1) + part(v2) + … + tail`, in the order of `values`:
 *
 * - StatsD: `head = "k"`, `renderValue = v => ":" + v + "|ms"`, `tail = ""` → `k:1|ms:2|ms`
 * - DogStatsD 1.1: `head = "k"`, `renderValue = v => ":" + v`, `tail = "|d|#t:1"` → `k:1:2|d|#t:1`
 * - StatsD sets: `values` = members, `renderValue = m => ":" + m + "|s"` → `k:a|s:b|s`
 *
 * A line holding a single value that is still too long is emitted anyway, so the packer can
 * drop and report it; no value is ever silently lost. `maxBytes` 0 writes one value per line.
 * Each line is emitted with the number of values it carries.
 *
 * @example
 * ```ts
 * multiValueLines("db.query", [1, 2], (v) => `:${v}|ms`, "|#table:users", 1432, emit);
 * // emit("db.query:1|ms:2|ms|#table:users")
 * ```
 */
export function multiValueLines<T>(
  head: string,
  values: readonly T[],
  renderValue: (value: T) => string,
  tail: string,
  maxBytes: number,
  emit: Emit,
): void {
  const fixedBytes = Buffer.byteLength(head, "utf8") + Buffer.byteLength(tail, "utf8");
  let line = head;
  let bytes = fixedBytes;
  let count = 0;
  for (const value of values) {
    const part = renderValue(value);
    const partBytes = Buffer.byteLength(part, "utf8");
    if (count > 0 && bytes + partBytes > maxBytes) {
      emit(line + tail, count);
      line = head;
      bytes = fixedBytes;
      count = 0;
    }
    line += part;
    bytes += partBytes;
    count += 1;
  }
  if (count > 0) emit(line + tail, count);
}
