import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type EnvelopeEndpoint, startEnvelopeEndpoint } from "@metrics/test-peers/sentry";
import { afterAll, beforeAll, expect, it } from "vitest";

const child = fileURLToPath(new URL("./support/exit-naturally.mjs", import.meta.url));
let endpoint: EnvelopeEndpoint;

beforeAll(async () => {
  endpoint = await startEnvelopeEndpoint();
});

afterAll(() => endpoint.close());

it("sends what it holds (a set's window) and what the SDK buffers when the process ends on its own", async () => {
  const started = performance.now();
  await promisify(execFile)(process.execPath, [child], {
    env: { ...process.env, SENTRY_DSN: endpoint.dsn() },
    timeout: 15_000,
  });
  // Nothing kept the process alive: it ended well before the 10 s set window or 5 s SDK timer.
  expect(performance.now() - started).toBeLessThan(4_000);
  await endpoint.quiet();
  expect(endpoint.violations).toEqual([]);
  expect(endpoint.metrics.map((m) => [m.name, m.type, m.value]).sort()).toEqual([
    ["exit.jobs", "counter", 3],
    ["exit.users", "gauge", 2],
  ]);
});
