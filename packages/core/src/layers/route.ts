// Imported through the main entry, which the build keeps external: one copy of each class.
import type { EventOptions, MetricsBackend, MetricType, Tags } from "../index.js";
import {
  checkBackend,
  checkPrefixes,
  forwardEvent,
  handlerOf,
  METRIC_TYPES,
  mistake,
  settleEach,
  startsWithAny,
} from "./wrapped-backends.js";

/** One rule of {@link route}. */
export interface Route {
  /** Keys (as the backend receives them, with the prefix) that start with one of these. */
  readonly prefixes: readonly string[];
  /** Where those metrics go. */
  readonly backend: MetricsBackend;
  /** The metric types this route takes; all where not given. */
  readonly types?: readonly MetricType[];
}

/** A route as checked at construction: its types as one flag per type. */
interface CheckedRoute {
  readonly prefixes: readonly string[];
  readonly backend: MetricsBackend;
  readonly takes: Readonly<Record<MetricType, boolean>>;
}

function checkRoute(candidate: unknown, i: number): CheckedRoute {
  const { prefixes, backend, types } = (candidate ?? {}) as Partial<Route>;
  const what = `routes[${i}]`;
  if (!Array.isArray(prefixes))
    throw mistake("route", `${what}.prefixes must be an array of strings`);
  const unknownType = types?.find((type) => !METRIC_TYPES.includes(type));
  if (types !== undefined && (!Array.isArray(types) || unknownType !== undefined)) {
    throw mistake("route", `${what}.types must list some of ${METRIC_TYPES.join(", ")}`);
  }
  const takes = Object.fromEntries(
    METRIC_TYPES.map((type) => [type, types === undefined || types.includes(type)]),
  ) as Record<MetricType, boolean>;
  return {
    prefixes: checkPrefixes("route", `${what}.prefixes`, prefixes),
    backend: checkBackend("route", `${what}.backend`, backend),
    takes,
  };
}

/**
 * Sends each metric to the backend of the first route whose prefix starts its key and whose
 * types include it, else to `fallback`; events go to `fallback`. Sentry's dual write (some
 * prefixes to a secondary backend, their distributions to both) is a route whose backend is a
 * `CompositeBackend`. `flush()` and `close()` reach every backend once.
 *
 * @example
 * ```ts
 * import { route } from "@metrics/core/layers";
 * configure({
 *   backend: route(
 *     [{ prefixes: ["billing."], backend: datadog }],
 *     statsd, // everything else
 *   ),
 * });
 * ```
 */
export function route(routes: readonly Route[], fallback: MetricsBackend): MetricsBackend {
  if (!Array.isArray(routes))
    throw mistake("route", "routes must be an array of { prefixes, backend, types? }");
  return new RouteBackend(routes.map(checkRoute), checkBackend("route", "fallback", fallback));
}

class RouteBackend implements MetricsBackend {
  readonly #routes: readonly CheckedRoute[];
  readonly #fallback: MetricsBackend;
  readonly #onError = handlerOf(undefined);
  readonly #eventless = new WeakSet<MetricsBackend>();

  constructor(routes: readonly CheckedRoute[], fallback: MetricsBackend) {
    this.#routes = routes;
    this.#fallback = fallback;
  }

  /** The backend of the first route that takes `type` under `key`, else the fallback. */
  #pick(type: MetricType, key: string): MetricsBackend {
    const routes = this.#routes;
    for (let i = 0; i < routes.length; i++) {
      const candidate = routes[i]!;
      if (candidate.takes[type] && startsWithAny(key, candidate.prefixes)) return candidate.backend;
    }
    return this.#fallback;
  }

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#pick("counter", key).incr(key, amount, tags, sampleRate, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#pick("gauge", key).gauge(key, value, tags, sampleRate, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#pick("distribution", key).distribution(key, value, tags, sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    this.#pick("timing", key).timing(key, seconds, tags, sampleRate);
  }

  set(key: string, member: string | number, tags: Tags, sampleRate: number): void {
    this.#pick("set", key).set(key, member, tags, sampleRate);
  }

  event(title: string, text: string, tags: Tags, options: EventOptions): void {
    forwardEvent(this.#fallback, this.#eventless, this.#onError, [title, text, tags, options]);
  }

  flush(): Promise<void> {
    return settleEach(this.#backends(), "flush", this.#onError);
  }

  close(): Promise<void> {
    return settleEach(this.#backends(), "close", this.#onError);
  }

  #backends(): MetricsBackend[] {
    return [...this.#routes.map((candidate) => candidate.backend), this.#fallback];
  }
}
