import type { MetricsBackend } from "./backend.js";

/**
 * Configures metrics from the environment, so one build can send to a StatsD server in one place,
 * a Datadog Agent in another and nowhere in tests:
 *
 * - `METRICS_BACKEND`: `noop` (the default), `logging`, `statsd`, `dogstatsd`, `datadog`,
 *   `opentelemetry`, `prometheus`, `sentry`, or a module specifier (`./my-backend.js`,
 *   `@acme/metrics-backend`) whose default export is a backend instance, class or factory;
 * - `METRICS_OPTIONS`: a JSON object for the backend's constructor;
 * - `METRICS_PREFIX`, `METRICS_SAMPLE_RATE`: as `configure`'s `prefix` and `sampleRate`.
 *
 * The transport package is loaded on demand. Rejects, with an error naming the variable and the
 * fix, on an unknown name (suggesting the closest one), a package that is not installed, bad
 * JSON (never quoted: it may hold an API key), options without a backend, a prefix with spaces,
 * a bad rate, or options the backend's constructor refuses.
 *
 * @example
 * // METRICS_BACKEND=statsd METRICS_OPTIONS='{"host":"10.0.0.7"}' METRICS_PREFIX=myapp node app.js
 * import { configureFromEnv, metrics } from "@metrics/core";
 *
 * await configureFromEnv(); // reads process.env
 * metrics.incr("app.started");
 */
export async function configureFromEnv(
  env: Record<string, string | undefined> = process.env,
): Promise<MetricsBackend> {
  // Loaded on first use: most services never call it, and it is most of the facade's size.
  return (await import("./env/configure-from-env.js")).configureFromEnv(env);
}
