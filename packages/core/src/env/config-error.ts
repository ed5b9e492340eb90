/**
 * The error `configureFromEnv` rejects with: a mistake in the environment, named by variable.
 * One place to build it, so the error type can follow core's (a `MetricsError` with the code of
 * configuration mistakes, once core has one).
 *
 * @example
 * throw configError('METRICS_PREFIX must not contain spaces, got "my app"');
 */
export function configError(message: string, cause?: unknown): TypeError {
  return new TypeError(message, cause === undefined ? undefined : { cause });
}
