/**
 * The Datadog intake of `@metrics/test-peers/datadog` on loopback: it takes
 * `POST /api/v2/series` (gzip) and `POST /api/v1/distribution_points` (deflate), checks the API
 * key, validates every body against the API's schema and limits, answers 202 like the real API,
 * and records every point it accepted. `DatadogBackend({ baseUrl })` sends here instead of
 * api.datadoghq.com; the demo reads the recorded points and requests once a second.
 */
import { randomBytes } from "node:crypto";
import { Intake } from "@metrics/test-peers/datadog";
import { parseColonTags, Received } from "../received.js";
import { ActivityLog, type Peer } from "./peer.js";

/** v2 series type: 1 count, 2 rate, 3 gauge. */
const GAUGE = 3;

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

/**
 * Starts the intake with a fresh API key.
 *
 * @example
 * const peer = await startDatadogIntake();
 * new DatadogBackend({ apiKey: peer.address.apiKey, baseUrl: peer.address.url });
 */
export async function startDatadogIntake(): Promise<Peer> {
  // Any key works here; the intake only checks that the backend sends the one it was given.
  const intake = await Intake.start({ apiKey: randomBytes(16).toString("hex") });
  const received = new Received();
  const read = { series: 0, distributions: 0, attempts: 0, violations: 0 };
  const activity = new ActivityLog();

  function poll(): Promise<void> {
    for (const { metric, type, value, tags } of intake.series.slice(read.series)) {
      if (type === GAUGE) received.gauge(metric, parseColonTags(tags), value);
      else received.counter(metric, parseColonTags(tags), value);
    }
    for (const { metric, values, tags } of intake.distributions.slice(read.distributions)) {
      received.timing(metric, parseColonTags(tags), values);
    }
    for (const attempt of intake.attempts.slice(read.attempts)) {
      const size = `${attempt.encoding ?? "identity"}, ${kilobytes(attempt.compressedBytes)}`;
      activity.push(`POST ${attempt.path} (${size}): ${attempt.reply}`);
    }
    // A body the real API would refuse is shown, never hidden.
    for (const violation of intake.violations.slice(read.violations)) {
      activity.push(`intake rejected a request: ${violation}`);
    }
    read.series = intake.series.length;
    read.distributions = intake.distributions.length;
    read.attempts = intake.attempts.length;
    read.violations = intake.violations.length;
    return Promise.resolve();
  }

  return {
    description: `the validating Datadog intake at ${intake.url}`,
    address: { kind: "http", url: intake.url, apiKey: intake.apiKey },
    received,
    poll,
    activity: () => activity.drain(),
    async stop() {
      // close() on the backend waited for the intake's answers, so nothing is in flight.
      await intake.settle();
      await poll();
      await intake.close();
    },
  };
}
