import type { MetricsError } from "@metrics/core";
import { Intake } from "@metrics/test-peers/datadog";
import { afterEach } from "vitest";
import { DatadogBackend, type DatadogBackendOptions } from "../../dist/index.js";

export const API_KEY = "test-key-3f9a1c0b7d2e";
export const NO_TAGS = Object.freeze({});

let intakes: Intake[] = [];
let backends: DatadogBackend[] = [];

/** A loopback intake and a backend pointed at it (windows only on flush), closed after each test. */
export async function setup(options: DatadogBackendOptions = {}) {
  const intake = await Intake.start({ apiKey: API_KEY });
  const errors: MetricsError[] = [];
  const backend = new DatadogBackend({
    apiKey: API_KEY,
    baseUrl: intake.url,
    flushIntervalMs: 3_600_000,
    onError: (error) => errors.push(error),
    ...options,
  });
  intakes.push(intake);
  backends.push(backend);
  return { intake, backend, errors };
}

/** Sum of the points every report says were lost. */
export function droppedIn(errors: readonly MetricsError[]): number {
  return errors.reduce((sum, error) => sum + (error.dropped ?? 0), 0);
}

afterEach(async () => {
  await Promise.all(backends.map((backend) => backend.close()));
  await Promise.all(intakes.map((intake) => intake.close()));
  backends = [];
  intakes = [];
});
