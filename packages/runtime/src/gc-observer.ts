import { type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import type { Emitter } from "./emitter.js";
import type { RuntimeNames } from "./naming.js";

/**
 * Emits every garbage-collection pause as a distribution value, tagged by GC kind, as the
 * `PerformanceObserver` reports it (Node batches entries; the observer holds no timer).
 */
export function observeGc(names: RuntimeNames, emit: Emitter): { stop(): void } {
  const byKind = emit.tagged(names.gcPause, names.gcTypeTag);
  const all = names.gcPauseAll === undefined ? undefined : emit.prepare(names.gcPauseAll);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const seconds = entry.duration / 1000;
      emit.distribution(byKind.with(names.gcType(kindOf(entry))), seconds);
      if (all !== undefined) emit.distribution(all, seconds);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return { stop: () => observer.disconnect() };
}

/** The GC kind, `detail.kind` (untyped in `@types/node` 20). */
function kindOf(entry: PerformanceEntry): number {
  const { detail } = entry as unknown as { detail?: { kind?: unknown } | null };
  return typeof detail?.kind === "number" ? detail.kind : 0;
}
