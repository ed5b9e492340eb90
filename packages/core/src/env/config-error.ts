import { MetricsError } from "../errors.js";

/**
 * The error `configureFromEnv` rejects with: a mistake in the environment, named by variable, as
 * a `MetricsError` with the code of every configuration mistake (`invalid_option`).
 *
 * @example
 * throw configError('METRICS_PREFIX must not contain spaces, got "my app"');
 */
export function configError(message: string, cause?: unknown): MetricsError {
  return new MetricsError("invalid_option", message, cause === undefined ? {} : { cause });
}
