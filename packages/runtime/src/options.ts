import { MetricsError, type TagValue } from "@metrics/core";

/** Thrown at once for a wrong option, naming it. */
export function optionError(fn: string, message: string): MetricsError {
  return new MetricsError("invalid_option", `@metrics/runtime: ${fn}(): ${message}`);
}

/** Tags as given (`null`/`undefined` dropped), as strings. */
export function tagsOption(fn: string, tags: unknown): Record<string, string> {
  if (tags === undefined) return {};
  if (tags === null || typeof tags !== "object") throw optionError(fn, "`tags` must be an object");
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(tags as Record<string, TagValue>)) {
    if (value === null || value === undefined) continue;
    if (!["string", "number", "boolean"].includes(typeof value)) {
      throw optionError(fn, `tag \`${name}\` must be a string, number or boolean`);
    }
    out[name] = String(value);
  }
  return out;
}

/** What `startRuntimeMetrics` and `instrumentHttp` return. */
export interface Stoppable {
  /** Removes every timer, observer and subscription; later calls do nothing. */
  stop(): void;
}

/** A handle that runs `stop` once however often it is called. */
export function stopOnce(stop: () => void): Stoppable {
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      stop();
    },
  };
}

/**
 * The handle of the process's one running instance of `what`, in a `globalThis` slot shared by
 * every copy of this package (ESM and CJS, nested versions): a second start stops the first, so
 * nothing is measured or subscribed twice.
 */
export function replaceRunning(what: string, next: Stoppable): void {
  const slot = Symbol.for(`@metrics/runtime.${what}`);
  const store = globalThis as unknown as Record<symbol, Stoppable | undefined>;
  store[slot]?.stop();
  store[slot] = next;
}
