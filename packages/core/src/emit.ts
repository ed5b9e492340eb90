import type { Tags } from "./backend.js";
import { EMPTY_TAGS, state } from "./global-state.js";
import type { EmitOptions } from "./options.js";
import { reportOnce, textOf } from "./report.js";
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
 * they keep). The common case is checked here, small enough for V8 to inline; the rest is merged
 * by `mergeTagSources`.
 */
function resolveTags(options: EmitOptions | undefined, scope: Tags | undefined, key: string): Tags {
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
  const globalTags = state.globalTags;
  const inherited =
    scope === undefined
      ? globalTags
      : globalTags === EMPTY_TAGS
        ? scope
        : copyTags(copyTags({}, globalTags), scope);
  if (callTags == null && instance == null) return inherited;
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

function prefixed(key: string): string {
  return state.prefix === "" ? key : withPrefix(key, state.prefix);
}

/** `prefixed` when there is a prefix: kept apart so that `prefixed` inlines at no cost to `emit`. */
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

/** A sample rate in (0, 1], or none given. */
export function isSampleRate(rate: unknown): boolean {
  return rate === undefined || (typeof rate === "number" && rate > 0 && rate <= 1);
}

/** Reports why `emit` refused a metric. Kept out of `emit` so that it stays small enough to inline. */
function reportRefused(kind: MetricKind, key: unknown, value: unknown, rate: unknown): void {
  if (!isKey(key)) reportOnce("invalid_key", textOf(key), "key is empty or not a string");
  else if (!isValue(kind, value))
    reportOnce(
      "invalid_value",
      key,
      `${textOf(value)} is not a ${kind === "set" ? "string or " : ""}finite number`,
    );
  else reportOnce("invalid_sample_rate", key, `sample rate ${textOf(rate)} is outside (0, 1]`);
}

/**
 * Validates, samples, prefixes and tags one metric, then hands it to the backend. Never throws:
 * bad input is reported once per key, a throwing backend is reported and ignored.
 *
 * Its bytecode stays under V8's inlining limit (460 bytes): the facade functions inline it.
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
  try {
    const callRate = options?.sampleRate;
    if (!(isKey(key) && isValue(kind, value) && isSampleRate(callRate))) {
      reportRefused(kind, key, value, callRate);
      return;
    }
    const sampleRate = callRate === undefined ? state.sampleRate : state.sampleRate * callRate;
    if (sampleRate < 1 && Math.random() >= sampleRate) return;

    const tags = resolveTags(options, scope, key);
    const backend = state.backend;
    const name = prefixed(key);
    const unit = options?.unit;
    // Named calls, not `backend[kind](...)`: a keyed load that sees five names goes megamorphic.
    if (kind === "incr") backend.incr(name, value as number, tags, sampleRate, unit);
    else if (kind === "distribution")
      backend.distribution(name, value as number, tags, sampleRate, unit);
    else if (kind === "gauge") backend.gauge(name, value as number, tags, sampleRate, unit);
    else if (kind === "timing") backend.timing(name, value as number, tags, sampleRate);
    else backend.set(name, value as string | number, tags, sampleRate);
  } catch (error) {
    reportOnce("backend_error", textOf(key), `backend threw ${textOf(error)}`, error);
  }
}
