import type { Tags } from "./backend.js";
import { EMPTY_TAGS, state } from "./global-state.js";
import type { EmitOptions } from "./options.js";
import { reportOnce } from "./report.js";
import { addTags, copyTags, setTag } from "./tags.js";

/** What the facade can emit; each maps to one `MetricsBackend` method. */
export type MetricKind = "incr" | "gauge" | "distribution" | "timing" | "set";

function isSetMember(value: unknown): value is string | number {
  return typeof value === "string" || Number.isFinite(value);
}

/**
 * The tags a metric carries, lowest precedence first: global tags, `withTags` scopes, the call's
 * tags, then `instance`. Shares an existing frozen object when nothing needs merging.
 */
function resolveTags(options: EmitOptions | undefined, scope: Tags | undefined, key: string): Tags {
  const callTags = options?.tags;
  const instance = options?.instance;
  const globalTags = state.globalTags;
  if (callTags == null && instance == null) {
    if (scope === undefined) return globalTags;
    if (globalTags === EMPTY_TAGS) return scope;
  }
  const out: Record<string, string> = {};
  copyTags(out, globalTags);
  if (scope !== undefined) copyTags(out, scope);
  if (callTags != null) addTags(out, callTags, key);
  if (instance != null) setTag(out, "instance", String(instance));
  return out;
}

/**
 * Validates, samples, prefixes and tags one metric, then hands it to the backend. Never throws:
 * bad input is reported once per key, a throwing backend is reported and ignored.
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
    if (typeof key !== "string" || key.length === 0) {
      reportOnce("invalid_key", String(key), "key is empty or not a string");
      return;
    }
    if (kind === "set" ? !isSetMember(value) : !Number.isFinite(value)) {
      reportOnce(
        "invalid_value",
        key,
        `${String(value)} is not a ${kind === "set" ? "string or " : ""}finite number`,
      );
      return;
    }
    let sampleRate = state.sampleRate;
    const callRate = options?.sampleRate;
    if (callRate !== undefined) {
      if (!(typeof callRate === "number" && callRate > 0 && callRate <= 1)) {
        reportOnce("invalid_sample_rate", key, `sample rate ${String(callRate)} is outside (0, 1]`);
        return;
      }
      sampleRate *= callRate;
    }
    if (sampleRate < 1 && Math.random() >= sampleRate) return;

    const fullKey = state.prefix === "" ? key : state.prefix + key;
    const tags = resolveTags(options, scope, key);
    // Each kind is named after its backend method; `timing` and `set` ignore the unit.
    (state.backend[kind] as (...args: unknown[]) => void)(
      fullKey,
      value,
      tags,
      sampleRate,
      options?.unit,
    );
  } catch (error) {
    reportOnce("backend_error", String(key), `backend threw ${String(error)}`, error);
  }
}
