/**
 * Datadog's naming rules (docs.datadoghq.com/metrics/custom_metrics and getting_started/tagging):
 * metric names are ASCII letters, digits, `_` and `.`, start with a letter, at most 200
 * characters; tags are (Unicode) letters, digits, `_`, `-`, `:`, `.`, `/`, start with a letter,
 * at most 200 characters. Every other character becomes `_`, so no input can add, split or rename a metric,
 * and the intake never rejects a payload for a name. The `test` before `replace` keeps the common,
 * clean case free of allocations.
 */

export const MAX_NAME_LENGTH = 200;

const NAME_INVALID = /[^A-Za-z0-9_.]/;
const NAME_INVALID_ALL = /[^A-Za-z0-9_.]/g;
/** In a tag key `:` is reserved too: it separates the key from the value. */
const TAG_KEY_INVALID = /[^\p{L}\p{N}_\-./]/u;
const TAG_KEY_INVALID_ALL = /[^\p{L}\p{N}_\-./]/gu;
const TAG_VALUE_INVALID = /[^\p{L}\p{N}_\-:./]/u;
const TAG_VALUE_INVALID_ALL = /[^\p{L}\p{N}_\-:./]/gu;
const LEADING_NON_ASCII_LETTERS = /^[^A-Za-z]+/;
const LEADING_NON_LETTERS = /^[^\p{L}]+/u;
/** The key of a tag whose own key has no letter at all. */
const FALLBACK_TAG_KEY = "tag";

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Cuts `text` to `length` UTF-16 units without leaving half a surrogate pair. */
function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  const high = text.charCodeAt(length - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? length - 1 : length);
}

/** A metric name Datadog accepts, or `""` when nothing usable is left. */
export function normalizeMetricName(name: string): string {
  // Leading characters may be stripped below, so keep some spare before cutting to 200.
  const short = cut(name, MAX_NAME_LENGTH * 2);
  const safe = NAME_INVALID.test(short) ? short.replace(NAME_INVALID_ALL, "_") : short;
  const lettered = isAsciiLetter(safe.charCodeAt(0))
    ? safe
    : safe.replace(LEADING_NON_ASCII_LETTERS, "");
  return lettered.slice(0, MAX_NAME_LENGTH);
}

/**
 * One `key:value` tag Datadog accepts. A key with no letter becomes `tag`; the value is cut so
 * the whole tag fits in 200 characters; an empty value gives a bare `key`. The key never keeps a
 * `:`, so no value can move into the key or the other way round.
 */
export function normalizeTag(key: string, value: string): string {
  const shortKey = cut(key, MAX_NAME_LENGTH * 2);
  const safe = TAG_KEY_INVALID.test(shortKey)
    ? shortKey.replace(TAG_KEY_INVALID_ALL, "_")
    : shortKey;
  const lettered = isAsciiLetter(safe.charCodeAt(0)) ? safe : safe.replace(LEADING_NON_LETTERS, "");
  const safeKey = lettered === "" ? FALLBACK_TAG_KEY : cut(lettered, MAX_NAME_LENGTH);
  if (value === "") return safeKey;
  const room = MAX_NAME_LENGTH - safeKey.length - 1;
  if (room <= 0) return safeKey;
  const shortValue = cut(value, room);
  const safeValue = TAG_VALUE_INVALID.test(shortValue)
    ? shortValue.replace(TAG_VALUE_INVALID_ALL, "_")
    : shortValue;
  return `${safeKey}:${safeValue}`;
}

/** A tag given as one string (`env:prod`), split at its first `:`. */
export function normalizeTagString(tag: string): string {
  const colon = tag.indexOf(":");
  return colon < 0
    ? normalizeTag(tag, "")
    : normalizeTag(tag.slice(0, colon), tag.slice(colon + 1));
}

const HOST_INVALID_ALL = /[^A-Za-z0-9_\-.]/g;

/** A hostname as a resource name: letters, digits, `-`, `_`, `.`; at most 255 characters. */
export function normalizeHost(host: string): string {
  return host.replace(HOST_INVALID_ALL, "_").slice(0, 255);
}

const UNIT = /^[a-z_]{1,64}$/;

/** A unit name as Datadog spells them (`byte`, `millisecond`), or `undefined`. */
export function normalizeUnit(unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  const lower = unit.toLowerCase();
  return UNIT.test(lower) ? lower : undefined;
}

/**
 * The backend's constant tags (`{ env: "prod" }` or `["env:prod"]`), normalised.
 *
 * @example
 * normalizeConstantTags({ env: "prod" }); // ["env:prod"]
 */
export function normalizeConstantTags(
  tags: Readonly<Record<string, string>> | readonly string[],
): string[] {
  if (Array.isArray(tags)) return tags.map((tag) => normalizeTagString(String(tag)));
  const record = tags as Readonly<Record<string, string>>;
  return Object.keys(record).map((key) => normalizeTag(key, String(record[key])));
}
