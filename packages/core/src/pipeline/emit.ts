import type { Tags } from "../backend.js";
import { inheritedTags } from "../facade/scope.js";
import type { EmitOptions } from "../options.js";
import { describeValue, reportOnce, reportUnreadable, textOf } from "../report.js";
import { EMPTY_TAGS, state } from "../slot/global-state.js";
import { mergeByTemplate } from "./tag-templates.js";
import { addTags, copyTags, setTag } from "./tags.js";

/** What the facade can emit; each maps to one `MetricsBackend` method. */
export type MetricKind = "incr" | "gauge" | "distribution" | "timing" | "set";

/**
 * True when every tag is a string under a non-empty name: such tags can be passed on as given.
 * It enumerates as `addTags` and the backends do (`for...in`); no prototype check, as
 * `Object.getPrototypeOf` leaves optimized code for the runtime (~20% of a call on Node 20).
 */
function isPlainStringTags(tags: object): boolean {
  for (const name in tags) {
    if (typeof (tags as Record<string, unknown>)[name] !== "string" || name === "") return false;
  }
  return true;
}

/**
 * The tags a metric carries, lowest precedence first: global tags, `withTags` scopes, the call's
 * tags, then `instance`. Allocates nothing when one object already says it all, such as the
 * caller's own tags when they are all strings (backends treat tags as read-only and copy what
 * they keep). The common case is checked here; the rest is merged by `mergeTagSources`.
 */
export function resolveTags(
  options: EmitOptions | undefined,
  scope: Tags | undefined,
  key: string,
): Tags {
  const callTags = options?.tags;
  if (scope === undefined && state.globalTags === EMPTY_TAGS && options?.instance == null) {
    if (callTags == null) return EMPTY_TAGS;
    if (isPlainStringTags(callTags)) return callTags as Tags;
  }
  return mergeTagSources(options, scope, key);
}

function mergeTagSources(
  options: EmitOptions | undefined,
  scope: Tags | undefined,
  key: string,
): Tags {
  const callTags = options?.tags;
  const instance = options?.instance;
  const inherited = scope === undefined ? state.globalTags : inheritedTags(scope);
  if (callTags == null && instance == null) return inherited;
  if (instance == null && typeof callTags === "object") {
    const merged = mergeByTemplate(inherited, callTags);
    if (merged !== undefined) return merged;
  }
  const out = copyTags({}, inherited);
  if (callTags != null) addTags(out, callTags, key);
  if (instance != null) setTag(out, "instance", textOf(instance));
  return out;
}

// Prefixed keys, so a repeated key is the same string every time: backends find it in their
// maps by a hash computed once, instead of hashing a fresh concatenation per call.
const MAX_PREFIXED_KEYS = 10_000;
const prefixedKeys = new Map<string, string>();
let keysPrefix = "";

export function prefixed(key: string): string {
  return state.prefix === "" ? key : withPrefix(key, state.prefix);
}

/** `prefixed` when there is a prefix: the cold part, kept out of `prefixed`. */
function withPrefix(key: string, prefix: string): string {
  if (prefix !== keysPrefix) {
    prefixedKeys.clear();
    keysPrefix = prefix;
  }
  let full = prefixedKeys.get(key);
  if (full === undefined) {
    if (prefixedKeys.size >= MAX_PREFIXED_KEYS) prefixedKeys.clear();
    full = prefix + key;
    prefixedKeys.set(key, full);
  }
  return full;
}

function isKey(key: unknown): key is string {
  return typeof key === "string" && key.length > 0;
}

/** Any finite number; a set also takes a string member. */
function isValue(kind: MetricKind, value: unknown): boolean {
  return Number.isFinite(value) || (kind === "set" && typeof value === "string");
}

/** A unit is a string, or none given. */
function isUnit(unit: unknown): boolean {
  return unit === undefined || typeof unit === "string";
}

/** A sample rate in (0, 1], or none given. */
export function isSampleRate(rate: unknown): boolean {
  return rate === undefined || (typeof rate === "number" && rate > 0 && rate <= 1);
}

/** Reports why `emit` refused a metric; apart from `emit`, which stays small. */
function reportRefused(
  kind: MetricKind,
  key: unknown,
  value: unknown,
  rate: unknown,
  unit: unknown,
): void {
  if (!isKey(key)) {
    reportOnce("invalid_key", textOf(key), `key ${describeValue(key)} is not a non-empty string`);
  } else if (!isValue(kind, value)) {
    const expected = kind === "set" ? "a string or finite number" : "a finite number";
    const of = kind === "timing" ? " of seconds" : "";
    reportOnce("invalid_value", key, `${describeValue(value)} is not ${expected}${of}`);
  } else if (!isSampleRate(rate)) {
    reportOnce("invalid_sample_rate", key, `sample rate ${describeValue(rate)} is outside (0, 1]`);
  } else {
    reportOnce("invalid_value", key, `unit ${describeValue(unit)} is not a string`);
  }
}

/**
 * Validates, samples, prefixes and tags one metric, then hands it to the backend. Never throws:
 * bad input (a non-finite value, an empty key, a bad rate or unit, options or tags whose
 * getters throw) is dropped and reported once per key; a throwing backend is reported.
 *
 * Kept small, with `send`, `resolveTags` and `prefixed` (checked by `test/bytecode-size.test.ts`).
 *
 * @param scope the `withTags` tags in force (captured by timers when they start)
 */
export function emit(
  kind: MetricKind,
  key: string,
  value: unknown,
  options: EmitOptions | undefined,
  scope: Tags | undefined,
): void {
  let tags: Tags;
  let sampleRate: number;
  let unit: unknown;
  try {
    const callRate = options?.sampleRate;
    unit = options?.unit;
    if (!(isKey(key) && isValue(kind, value) && isSampleRate(callRate) && isUnit(unit))) {
      reportRefused(kind, key, value, callRate, unit);
      return;
    }
    sampleRate = callRate === undefined ? state.sampleRate : state.sampleRate * callRate;
    if (sampleRate < 1 && Math.random() >= sampleRate) return;
    tags = resolveTags(options, scope, key);
  } catch (error) {
    reportUnreadable(key, "options", error);
    return;
  }
  send(kind, key, value, tags, sampleRate, unit as string | undefined);
}

/** Hands a checked metric to the backend; a backend that throws is reported, once per key. */
function send(
  kind: MetricKind,
  key: string,
  value: unknown,
  tags: Tags,
  sampleRate: number,
  unit: string | undefined,
): void {
  const backend = state.backend;
  const name = prefixed(key);
  try {
    // Named calls, not `backend[kind](...)`: a keyed load that sees five names goes megamorphic.
    if (kind === "incr") backend.incr(name, value as number, tags, sampleRate, unit);
    else if (kind === "distribution")
      backend.distribution(name, value as number, tags, sampleRate, unit);
    else if (kind === "gauge") backend.gauge(name, value as number, tags, sampleRate, unit);
    else if (kind === "timing") backend.timing(name, value as number, tags, sampleRate);
    else backend.set(name, value as string | number, tags, sampleRate);
  } catch (error) {
    reportOnce("backend_error", key, `backend threw ${textOf(error)}`, error);
  }
}
