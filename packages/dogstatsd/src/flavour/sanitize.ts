/**
 * Wire safety. DogStatsD reserves `|`, `,`, `#`, `@`, `:` in metric names and tag keys, and `|`,
 * `,`, `#` and line breaks in tag values; a line break anywhere would start a new metric. Each
 * reserved character is replaced by `_` (through the stack's one replacer), so no input can add,
 * split or rename a metric.
 */
import { createReplacer } from "@metrics/statsd/wire";

const cleanName = createReplacer(/[|:,#@\s\p{Cc}]/u);
const cleanTagValue = createReplacer(/[|,#\p{Cc}]/u);
/** Set members are never packed, but `:` would still read as a second value. */
const cleanMember = createReplacer(/[|:\p{Cc}]/u);
const cleanEventField = createReplacer(/[|\p{Cc}]/u);

/**
 * A metric name, safe on the wire.
 *
 * @example
 * ```ts
 * sanitizeName("a:b|c"); // "a_b_c"
 * sanitizeName("_e{1,1}:x"); // "_e_1_1}_x": the Agent would read `_e{` as an event
 * ```
 */
export function sanitizeName(name: string): string {
  const safe = cleanName(name);
  // The Agent reads any line starting with `_e{` as an event, so a metric may not start so.
  return safe.startsWith("_e{") ? `_e_${safe.slice(3)}` : safe;
}

/**
 * A tag key, safe on the wire.
 *
 * @example
 * ```ts
 * sanitizeTagKey("a:b"); // "a_b"
 * ```
 */
export function sanitizeTagKey(key: string): string {
  return cleanName(key);
}

/**
 * A tag value, safe on the wire (`:` may stay: the first one ends the key).
 *
 * @example
 * ```ts
 * sanitizeTagValue("x|#forged"); // "x__forged"
 * ```
 */
export function sanitizeTagValue(value: string): string {
  return cleanTagValue(value);
}

/**
 * A set member, safe on the wire.
 *
 * @example
 * ```ts
 * sanitizeMember("u:1"); // "u_1"
 * ```
 */
export function sanitizeMember(member: string): string {
  return cleanMember(member);
}

const LINE_BREAK = /\r\n|\r|\n/gu;
const EVENT_CONTROL = /[^\P{Cc}\t]/gu;

/**
 * Event title or text: line breaks become the two characters `\n`, as the Agent expects; other
 * control characters become spaces. `|` may stay: the lengths in `_e{…}` delimit the fields.
 *
 * @example
 * ```ts
 * escapeEventText("a\r\nb"); // "a\\nb"
 * ```
 */
export function escapeEventText(text: string): string {
  return text.replace(LINE_BREAK, "\\n").replace(EVENT_CONTROL, " ");
}

/**
 * An event field such as a hostname or an aggregation key: no `|`, no control characters.
 *
 * @example
 * ```ts
 * sanitizeEventField("web|1"); // "web_1"
 * ```
 */
export function sanitizeEventField(value: string): string {
  return cleanEventField(value);
}
