import { CompositeBackend } from "../composite.js";
// Imported through the main entry, which the build keeps external: one copy of each class.
import {
  type ErrorHandler,
  type EventOptions,
  type MetricsBackend,
  MetricsError,
  type MetricType,
  noopBackend,
  reportError,
  type Tags,
} from "../index.js";

/** The metric types, as routes name them. */
export const METRIC_TYPES: readonly MetricType[] = [
  "counter",
  "gauge",
  "distribution",
  "timing",
  "set",
];

/** A layer's configuration mistake: thrown at once, as `configure` does. */
export function mistake(layer: string, message: string): MetricsError {
  return new MetricsError("invalid_option", `${layer}(): ${message}`);
}

/** Throws unless `backend` has every method of `MetricsBackend`. */
export function checkBackend(layer: string, what: string, backend: unknown): MetricsBackend {
  let missing: string[];
  try {
    missing = Object.keys(noopBackend).filter(
      (method) => typeof (backend as Record<string, unknown> | null)?.[method] !== "function",
    );
  } catch (error) {
    throw mistake(layer, `reading ${what} threw ${String(error)}`);
  }
  if (missing.length > 0) {
    throw mistake(layer, `${what} must implement MetricsBackend; it lacks ${missing.join(", ")}`);
  }
  return backend as MetricsBackend;
}

/** Throws unless `list` is an array of strings (or not given). */
export function checkPrefixes(layer: string, what: string, list: unknown): readonly string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((prefix) => typeof prefix === "string")) {
    throw mistake(layer, `${what} must be an array of strings`);
  }
  return [...list];
}

/** Whether `key` starts with one of `prefixes`. */
export function startsWithAny(key: string, prefixes: readonly string[]): boolean {
  for (let i = 0; i < prefixes.length; i++) if (key.startsWith(prefixes[i]!)) return true;
  return false;
}

/**
 * Hands an event to `backend`; one without `event` drops it, reported once per `reported` set
 * (code `unsupported`), as the facade does for the backend it is given.
 */
export function forwardEvent(
  backend: MetricsBackend,
  reported: WeakSet<MetricsBackend>,
  onError: ErrorHandler,
  event: [title: string, text: string, tags: Tags, options: EventOptions],
): void {
  if (typeof backend.event === "function") {
    backend.event(...event);
    return;
  }
  if (reported.has(backend)) return;
  reported.add(backend);
  const message = `the wrapped backend does not take events: "${event[0]}" and later events not sent`;
  onError(new MetricsError("unsupported", message, { key: event[0], dropped: 1 }));
}

/**
 * The backends to flush or close, each once: a `CompositeBackend` stands for its children, so
 * Sentry's dual write (a composite of the primary and the secondary, beside both) reaches each
 * once.
 */
function distinctLeaves(backends: readonly MetricsBackend[], into = new Set<MetricsBackend>()) {
  for (const backend of backends) {
    if (backend instanceof CompositeBackend) distinctLeaves(backend.children, into);
    else into.add(backend);
  }
  return into;
}

/**
 * Runs `flush` or `close` once on each distinct backend, concurrently; a rejection is reported
 * (code `backend_error`) and the promise still resolves, as `CompositeBackend`'s does.
 */
export async function settleEach(
  backends: readonly MetricsBackend[],
  method: "flush" | "close",
  onError: ErrorHandler,
): Promise<void> {
  const distinct = [...distinctLeaves(backends)];
  const outcomes = await Promise.allSettled(distinct.map(async (backend) => backend[method]()));
  for (const outcome of outcomes) {
    if (outcome.status === "rejected") {
      const message = `${method} of a wrapped backend failed: ${String(outcome.reason)}`;
      onError(new MetricsError("backend_error", message, { cause: outcome.reason }));
    }
  }
}

/** The handler a layer reports to: the caller's (a throw ignored) or the facade's `onError`. */
export function handlerOf(onError: ErrorHandler | undefined): ErrorHandler {
  if (onError === undefined) return reportError;
  return (error) => {
    try {
      onError(error);
    } catch {}
  };
}
