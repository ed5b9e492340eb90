import { findPrometheus } from "@metrics/test-peers/prometheus";
import type { BackendName } from "../backend.js";
import { startDatadogIntake } from "./datadog-intake.js";
import { startEtsyStatsd } from "./etsy-statsd.js";
import { startLogLines } from "./log-lines.js";
import { startOtlpReceiver } from "./otlp-receiver.js";
import type { Peer } from "./peer.js";
import { startPrometheusScrape } from "./prometheus-scrape.js";
import { startPrometheusServer } from "./prometheus-server.js";
import { startSentryEnvelopes } from "./sentry-envelopes.js";

/**
 * Starts what receives the chosen backend's metrics.
 *
 * @example
 * const peer = await startPeer("prometheus"); // a Prometheus server, or the demo's own scrape
 */
export async function startPeer(backend: BackendName): Promise<Peer> {
  switch (backend) {
    case "statsd":
    case "dogstatsd":
      return startEtsyStatsd();
    case "datadog":
      return startDatadogIntake();
    case "prometheus": {
      // A real Prometheus server when there is one; else the demo scrapes the endpoint itself.
      const binary = findPrometheus();
      return binary === undefined ? startPrometheusScrape() : startPrometheusServer(binary);
    }
    case "opentelemetry":
      return startOtlpReceiver();
    case "sentry":
      return startSentryEnvelopes();
    case "logging":
      return startLogLines();
  }
}
