/** What a key becomes in Prometheus. */
export type FamilyKind = "counter" | "gauge" | "histogram" | "timing" | "set";

const INVALID_NAME = /[^a-zA-Z0-9_]/g;

/** Units as Prometheus names spell them (base units, plural), for the common spellings. */
const UNIT_SUFFIXES: Readonly<Record<string, string>> = {
  s: "seconds",
  second: "seconds",
  seconds: "seconds",
  ms: "milliseconds",
  millisecond: "milliseconds",
  milliseconds: "milliseconds",
  us: "microseconds",
  microsecond: "microseconds",
  ns: "nanoseconds",
  nanosecond: "nanoseconds",
  By: "bytes",
  byte: "bytes",
  bytes: "bytes",
  "%": "percent",
  percent: "percent",
  ratio: "ratio",
};

/**
 * The Prometheus metric name of a key, as Prometheus's naming page asks: every character outside
 * `[a-zA-Z0-9_]` becomes `_` (colons are for recording rules), a leading digit gets `_` before
 * it, the unit follows the name, and counters end in `_total`, timings in `_seconds`. A suffix
 * already there is not added again.
 *
 * @example
 * metricName("jobs.processed", "counter", undefined); // "jobs_processed_total"
 * metricName("jobs_total", "counter", undefined); // "jobs_total"
 * metricName("db.query", "timing", undefined); // "db_query_seconds"
 * metricName("payload.size", "histogram", "byte"); // "payload_size_bytes"
 */
export function metricName(key: string, kind: FamilyKind, unit: string | undefined): string {
  let name = key.replace(INVALID_NAME, "_");
  if (/^[0-9]/.test(name)) name = `_${name}`;
  const unitSuffix = kind === "timing" ? "seconds" : unitSuffixOf(unit);
  if (kind === "counter") name = withoutSuffix(name, "total");
  if (unitSuffix !== undefined) name = withSuffix(name, unitSuffix);
  if (kind === "counter") name = withSuffix(name, "total");
  return name;
}

/**
 * The Prometheus label name of a tag: characters outside `[a-zA-Z0-9_]` become `_`; a name that
 * would start with a digit or with `__` (reserved by Prometheus) gets `key_`/`key` in front, as
 * OpenTelemetry's Prometheus rules do; a histogram's `le` (its bucket label) becomes `exported_le`,
 * as Prometheus renames a label that clashes with its own.
 *
 * @example
 * labelName("http.route", "counter"); // "http_route"
 * labelName("2fa", "counter"); // "key_2fa"
 * labelName("le", "timing"); // "exported_le"
 */
export function labelName(tag: string, kind: FamilyKind): string {
  let name = tag.replace(INVALID_NAME, "_");
  if (name === "") name = "key_";
  else if (/^[0-9]/.test(name)) name = `key_${name}`;
  else if (name.startsWith("__")) name = `key${name}`;
  if (name === "le" && (kind === "histogram" || kind === "timing")) name = "exported_le";
  return name;
}

/** The names a family's samples use: a histogram's `_bucket`, `_sum` and `_count` series. */
export function seriesNames(name: string, kind: FamilyKind): string[] {
  return kind === "histogram" || kind === "timing"
    ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`]
    : [name];
}

function unitSuffixOf(unit: string | undefined): string | undefined {
  if (unit === undefined || unit === "" || unit === "1") return undefined;
  const known = UNIT_SUFFIXES[unit];
  if (known !== undefined && Object.hasOwn(UNIT_SUFFIXES, unit)) return known;
  const name = unit.replace(INVALID_NAME, "_").replace(/^_+|_+$/g, "");
  return name === "" ? undefined : name;
}

function withSuffix(name: string, suffix: string): string {
  return name === suffix || name.endsWith(`_${suffix}`) ? name : `${name}_${suffix}`;
}

function withoutSuffix(name: string, suffix: string): string {
  return name.endsWith(`_${suffix}`) ? name.slice(0, -(suffix.length + 1)) : name;
}
