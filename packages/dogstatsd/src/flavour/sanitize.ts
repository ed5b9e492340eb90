/**
 * Wire safety. DogStatsD reserves `|`, `,`, `#`, `@`, `:` in metric names and tag keys, and `|`,
 * `,`, `#` and line breaks in tag values; a line break anywhere would start a new metric. Each
 * reserved character is replaced by `_`, so no input can add, split or rename a metric.
 * The `test` before `replace` keeps the common, clean case free of allocations.
 */

const NAME_RESERVED = /[|:,#@\s\p{Cc}]/u;
const NAME_RESERVED_ALL = /[|:,#@\s\p{Cc}]/gu;
const TAG_VALUE_RESERVED = /[|,#\p{Cc}]/u;
const TAG_VALUE_RESERVED_ALL = /[|,#\p{Cc}]/gu;
/** Set members are never packed, but `:` would still read as a second value. */
const MEMBER_RESERVED = /[|:\p{Cc}]/u;
const MEMBER_RESERVED_ALL = /[|:\p{Cc}]/gu;

/** A metric name or tag key, safe on the wire. */
export function sanitizeName(name: string): string {
  const safe = NAME_RESERVED.test(name) ? name.replace(NAME_RESERVED_ALL, "_") : name;
  // The Agent reads any line starting with `_e{` as an event, so a metric may not start so.
  return safe.startsWith("_e{") ? `_e_${safe.slice(3)}` : safe;
}

export function sanitizeTagKey(key: string): string {
  return NAME_RESERVED.test(key) ? key.replace(NAME_RESERVED_ALL, "_") : key;
}

export function sanitizeTagValue(value: string): string {
  return TAG_VALUE_RESERVED.test(value) ? value.replace(TAG_VALUE_RESERVED_ALL, "_") : value;
}

export function sanitizeMember(member: string): string {
  return MEMBER_RESERVED.test(member) ? member.replace(MEMBER_RESERVED_ALL, "_") : member;
}

const LINE_BREAK = /\r\n|\r|\n/gu;
const EVENT_CONTROL = /[^\P{Cc}\t]/gu;
const FIELD_RESERVED = /[|\p{Cc}]/gu;

/** Event title or text: line breaks become the two characters `\n`, as the Agent expects. */
export function escapeEventText(text: string): string {
  return text.replace(LINE_BREAK, "\\n").replace(EVENT_CONTROL, " ");
}

/** An event field such as a hostname or an aggregation key: no `|`, no control characters. */
export function sanitizeEventField(value: string): string {
  return value.replace(FIELD_RESERVED, "_");
}
