import type { Tags } from "../backend.js";
import type { EmitOptions } from "../options.js";
import { prefixed, resolveTags } from "../pipeline/emit.js";
import { describeValue, reportOnce, reportUnreadable, textOf } from "../report.js";
import { currentScope } from "./scope.js";

/** A key and tags as the facade would hand them to a backend. */
export interface MetricContext {
  /** The key with the configured prefix. */
  readonly key: string;
  /** Global, `withTags` and the call's tags (and `instance`), merged and stringified. */
  readonly tags: Tags;
}

/**
 * The prefixed key and merged tags the facade would give a metric emitted here and now: for a
 * backend's own extras that the facade has no function for (DogStatsD's `histogram`, service
 * checks), so they carry the same prefix and tags as everything else. `undefined`, reported once,
 * when the key is not a non-empty string or the options cannot be read.
 *
 * @example
 * ```ts
 * const context = metricContext("queue.wait", { tags: { queue: "email" } });
 * if (context) dogstatsd.histogram(context.key, 12, context.tags);
 * ```
 */
export function metricContext(key: string, options?: EmitOptions): MetricContext | undefined {
  if (typeof key !== "string" || key === "") {
    reportOnce("invalid_key", textOf(key), `key ${describeValue(key)} is not a non-empty string`);
    return undefined;
  }
  try {
    return { key: prefixed(key), tags: resolveTags(options, currentScope(), key) };
  } catch (error) {
    reportUnreadable(key, "options", error);
    return undefined;
  }
}
