/**
 * The Sentry envelope endpoint of `@metrics/test-peers/sentry` on loopback: the demo initialises
 * the real `@sentry/node` with a DSN pointing here; the endpoint decodes every envelope, checks
 * every `trace_metric` item, and the demo reads what it recorded once a second.
 */
import { startEnvelopeEndpoint, tagsOf } from "@metrics/test-peers/sentry";
import { Received } from "../received.js";
import { ActivityLog, type Peer } from "./peer.js";

/**
 * Starts the endpoint; its DSN has a made-up public key for project 42.
 *
 * @example
 * const peer = await startSentryEnvelopes();
 * Sentry.init({ dsn: peer.address.dsn });
 */
export async function startSentryEnvelopes(): Promise<Peer> {
  const endpoint = await startEnvelopeEndpoint();
  // Sentry's metrics carry timings and distributions in seconds.
  const received = new Received("s");
  const read = { metrics: 0, requests: 0, violations: 0 };
  const activity = new ActivityLog();

  function poll(): Promise<void> {
    const metrics = endpoint.metrics.slice(read.metrics);
    for (const metric of metrics) {
      const tags = Object.fromEntries(tagsOf(metric));
      if (metric.type === "counter") received.counter(metric.name, tags, metric.value);
      else if (metric.type === "gauge") received.gauge(metric.name, tags, metric.value);
      else received.timing(metric.name, tags, [metric.value]);
    }
    const envelopes = endpoint.requests.length - read.requests;
    if (envelopes > 0) activity.push(`${envelopes} envelopes: ${metrics.length} metric items`);
    // An item the real Sentry would refuse is shown, never hidden.
    for (const violation of endpoint.violations.slice(read.violations)) {
      activity.push(`endpoint rejected a request: ${violation}`);
    }
    read.metrics = endpoint.metrics.length;
    read.requests = endpoint.requests.length;
    read.violations = endpoint.violations.length;
    return Promise.resolve();
  }

  const dsn = endpoint.dsn();
  return {
    description: `a Sentry envelope endpoint at ${new URL(dsn).origin}`,
    address: { kind: "sentry", dsn },
    received,
    poll,
    activity: () => activity.drain(),
    async stop() {
      // close() waited for Sentry.flush(); wait until nothing more arrives.
      await endpoint.quiet(100);
      await poll();
      await endpoint.close();
    },
  };
}
