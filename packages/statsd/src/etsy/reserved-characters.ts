import type { Protocol } from "../stack/socket/wire-socket.js";
import type { TagFormat } from "./etsy-flavour.js";

/**
 * The characters replaced in keys, tag names, tag values and set members. Every format reserves
 * the StatsD separators (`:` value, `|` field, `@` rate, `#` tags, `,` `;` `=` tag syntax of the
 * three tag formats) and control characters (newlines split lines). Graphite and Influx also
 * reserve whitespace (their line protocols split on it) and Influx its escape character.
 * Over TCP every non-ASCII character is replaced too: Etsy StatsD's TCP server decodes what it
 * reads as ASCII, which keeps the low 7 bits of each byte (so `Ċ`, UTF-8 `C4 8A`, would become
 * `D` and a newline).
 *
 * @example
 * ```ts
 * "a:b c".replace(reservedCharacters("graphite", "udp"), "_"); // "a_b_c"
 * ```
 */
export function reservedCharacters(tagFormat: TagFormat, protocol: Protocol): RegExp {
  let set = ":|@#,;=\\x00-\\x1f\\x7f";
  if (tagFormat === "graphite" || tagFormat === "influx") set += "\\s";
  if (tagFormat === "influx") set += "\\\\";
  if (protocol === "tcp") set += "\\x80-\\uffff";
  return new RegExp(`[${set}]`, "g");
}
