import type { MetricsBackend } from "./backend.js";

/**
 * Configures metrics from the environment: `METRICS_BACKEND` (`noop`, `logging`, `statsd`,
 * `dogstatsd`, `datadog` or a module specifier exporting a backend instance, class or factory),
 * `METRICS_OPTIONS` (JSON for the backend's constructor), `METRICS_PREFIX` and
 * `METRICS_SAMPLE_RATE`. Transports are loaded on demand. Rejects, with an error naming the fix,
 * on a missing package, bad JSON or a bad rate.
 */
export async function configureFromEnv(
  env: Record<string, string | undefined> = process.env,
): Promise<MetricsBackend> {
  // Loaded on first use: most services never call it, and it is most of the facade's size.
  const { configureFromEnv: fromEnv } = await import("./env/configure-from-env.js");
  return fromEnv(env);
}
