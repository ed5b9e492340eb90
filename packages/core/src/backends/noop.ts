import type { MetricsBackend } from "../backend.js";

const resolved = Promise.resolve();
const ignore = (): void => {};

/**
 * Builds the no-op backend: discards everything. Called once per process by the first copy of
 * core to load; every copy then uses that one object, `noopBackend` (see `global-state.ts`), and
 * the facade recognises it by identity and returns before doing any work.
 */
export function createNoopBackend(): MetricsBackend {
  return Object.freeze({
    incr: ignore,
    gauge: ignore,
    distribution: ignore,
    timing: ignore,
    set: ignore,
    flush: () => resolved,
    close: () => resolved,
  });
}
