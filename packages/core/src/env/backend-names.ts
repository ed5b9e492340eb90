/** The names `METRICS_BACKEND` accepts besides a module specifier. */
export const BUILT_IN_NAMES = ["noop", "logging"] as const;

/** Each transport name, with the package that provides it and the class that package exports. */
export const TRANSPORTS: Readonly<Record<string, readonly [pkg: string, className: string]>> = {
  statsd: ["@metrics/statsd", "StatsdBackend"],
  dogstatsd: ["@metrics/dogstatsd", "DogStatsdBackend"],
  datadog: ["@metrics/datadog", "DatadogBackend"],
  opentelemetry: ["@metrics/opentelemetry", "OpenTelemetryBackend"],
  prometheus: ["@metrics/prometheus", "PrometheusBackend"],
  sentry: ["@metrics/sentry", "SentryBackend"],
};

/** Every name, in the order the docs list them. */
export const BACKEND_NAMES: readonly string[] = [...BUILT_IN_NAMES, ...Object.keys(TRANSPORTS)];

/**
 * Whether `value` was written as a module specifier rather than a backend name: a path
 * (`./x.js`, `/opt/x.mjs`, `file:`), a scoped package (`@acme/metrics`), or a package subpath
 * (`acme-metrics/backend`). A bare word (`statd`) is read as a name, possibly mistyped.
 *
 * @example
 * isModuleSpecifier("./backend.js"); // true
 * isModuleSpecifier("statd"); // false
 */
export function isModuleSpecifier(value: string): boolean {
  return /^(\.{1,2}\/|\/|@|file:|node:)/.test(value) || value.includes("/");
}
