import { inspect } from "node:util";
import type { MetricsError } from "@metrics/core";
import { type EnvelopeEndpoint, startEnvelopeEndpoint } from "@metrics/test-peers/sentry";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SentryBackend } from "../src/index.js";

const SECRET = "s3cr3t0f7h3d5n";
let endpoint: EnvelopeEndpoint;

beforeAll(async () => {
  endpoint = await startEnvelopeEndpoint();
  endpoint.stall = true;
  Sentry.init({ dsn: endpoint.dsn(SECRET), defaultIntegrations: false });
});

afterAll(async () => {
  await endpoint.close();
});

/** Everything a report or an inspected backend could show a log. */
function shown(value: unknown): string {
  return inspect(value, { depth: 10, showHidden: true }) + JSON.stringify(value ?? null);
}

it("flush() and close() settle by the deadline when the intake never answers, and say so", async () => {
  const errors: MetricsError[] = [];
  const backend = new SentryBackend({
    sentry: Sentry,
    flushTimeoutMs: 300,
    onError: (e) => errors.push(e),
  });
  backend.incr("stalled", 1, {}, 1, undefined);
  backend.gauge("stalled.gauge", 1, {}, 1, undefined);
  const started = performance.now();
  await backend.flush();
  expect(performance.now() - started).toBeLessThan(1_500);
  expect(errors.map((e) => e.code)).toEqual(["transport_error"]);
  expect(errors[0]!.message).toMatch(/within 300 ms; 2 metrics/);
  const closing = performance.now();
  backend.incr("stalled", 1, {}, 1, undefined);
  await backend.close();
  expect(performance.now() - closing).toBeLessThan(1_500);
  expect(endpoint.requests.length).toBeGreaterThan(0); // the SDK did try
});

it("never shows the DSN's secret or key in a report, a cause, or an inspected backend", async () => {
  const errors: MetricsError[] = [];
  const dsn = endpoint.dsn(SECRET);
  const leaky = {
    ...Sentry,
    metrics: {
      ...Sentry.metrics,
      gauge: () => {
        throw new Error(`could not send to ${dsn}`);
      },
    },
  };
  const backend = new SentryBackend({
    sentry: leaky,
    flushTimeoutMs: 200,
    onError: (e) => errors.push(e),
  });
  backend.gauge(`key.${SECRET}`, 1, {}, 1, undefined);
  backend.incr("stalled", 1, {}, 1, undefined);
  await backend.flush();
  await backend.close();
  backend.incr(`late.${SECRET}`, 1, {}, 1, undefined);
  // The gauge that threw, flush()'s timeout, and close()'s second timeout of the same kind,
  // held back in its window and delivered as a summary at close().
  expect(errors.map((e) => e.code).sort()).toEqual([
    "closed",
    "transport_error",
    "transport_error",
    "transport_error",
  ]);
  for (const error of errors) {
    const text = shown(error) + String(error.cause) + error.stack;
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("publickey");
  }
  expect(String(errors.find((e) => e.cause)?.cause)).toContain("[redacted]");
  expect(shown(backend)).not.toContain(SECRET);
  expect(shown(backend)).not.toContain("publickey");
});
