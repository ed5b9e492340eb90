import type { MetricsBackend } from "../backend.js";

const resolved = Promise.resolve();
const ignore = (): void => {};

/**
 * The default backend: discards everything. The facade recognises it by identity and returns
 * before doing any work, so an unconfigured library costs next to nothing.
 */
export const noopBackend: MetricsBackend = Object.freeze({
  incr: ignore,
  gauge: ignore,
  distribution: ignore,
  timing: ignore,
  set: ignore,
  flush: () => resolved,
  close: () => resolved,
});
