import type { MetricsError } from "@metrics/core";
import { afterEach } from "vitest";
import { PrometheusBackend } from "../src/index.js";

/**
 * Backends a test file starts, every one closed after each test, and what they reported (emptied
 * after each test). Call once at the top of a test file.
 *
 * @example
 * const { start, errors } = startedBackends();
 */
export function startedBackends() {
  const backends: PrometheusBackend[] = [];
  const errors: MetricsError[] = [];
  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.close();
    errors.length = 0;
  });
  const start = (options: ConstructorParameters<typeof PrometheusBackend>[0] = {}) => {
    const backend = new PrometheusBackend({ onError: (error) => errors.push(error), ...options });
    backends.push(backend);
    return backend;
  };
  return { start, errors };
}
