/**
 * The only module that knows which transport carries the metrics. The service's code
 * (src/app) is the same whichever backend this returns.
 */
import type { MetricsBackend } from "@metrics/core";
import { LoggingBackend } from "@metrics/core/logging";
import { DatadogBackend } from "@metrics/datadog";
import { DogStatsdBackend } from "@metrics/dogstatsd";
import { OpenTelemetryBackend } from "@metrics/opentelemetry";
import { PrometheusBackend } from "@metrics/prometheus";
import { SentryBackend } from "@metrics/sentry";
import { StatsdBackend } from "@metrics/statsd";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import * as Sentry from "@sentry/node";
import type { PeerAddress } from "./peers/peer.js";

export const BACKENDS = [
  "statsd",
  "dogstatsd",
  "datadog",
  "prometheus",
  "opentelemetry",
  "sentry",
  "logging",
] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Every transport flushes (and every set window ends) once a second here, so the live view moves. */
const FLUSH_INTERVAL_MS = 1000;

/**
 * The backend `name` pointed at the peer the demo started for it (for Prometheus: the backend's
 * own `/metrics` server, whose URL the peer is given to scrape).
 *
 * @example
 * configure({ backend: await createBackend("statsd", peer.address), prefix: "demo" });
 */
export async function createBackend(name: BackendName, peer: PeerAddress): Promise<MetricsBackend> {
  if (name === "statsd" && peer.kind === "udp") {
    return new StatsdBackend({
      host: peer.host,
      port: peer.port,
      flushIntervalMs: FLUSH_INTERVAL_MS,
    });
  }
  if (name === "dogstatsd" && peer.kind === "udp") {
    return new DogStatsdBackend({
      host: peer.host,
      port: peer.port,
      flushIntervalMs: FLUSH_INTERVAL_MS,
      // The peer is Etsy StatsD, not a Datadog Agent: it knows `ms` timers but not `d`
      // distributions, and reads one value per line.
      timingAs: "timer",
      packValues: false,
    });
  }
  if (name === "datadog" && peer.kind === "http") {
    return new DatadogBackend({
      apiKey: peer.apiKey,
      baseUrl: peer.url,
      flushIntervalMs: FLUSH_INTERVAL_MS,
    });
  }
  if (name === "prometheus" && peer.kind === "scrape") {
    const backend = new PrometheusBackend({ windowMs: FLUSH_INTERVAL_MS });
    const { url } = await backend.listen({ port: 0, host: "127.0.0.1" });
    await peer.target(url);
    return backend;
  }
  if (name === "opentelemetry" && peer.kind === "otlp") {
    const meterProvider = new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: peer.url }),
          exportIntervalMillis: FLUSH_INTERVAL_MS,
        }),
      ],
    });
    return new OpenTelemetryBackend({ meterProvider });
  }
  if (name === "sentry" && peer.kind === "sentry") {
    // Sentry first, as its docs say; no default integrations: the demo wants its metrics only.
    Sentry.init({ dsn: peer.dsn, defaultIntegrations: false });
    return new SentryBackend({ sentry: Sentry, setWindowMs: FLUSH_INTERVAL_MS });
  }
  if (name === "logging" && peer.kind === "logger") {
    return new LoggingBackend({ logger: peer.logger });
  }
  throw new Error(`backend ${name} cannot send to a ${peer.kind} peer`);
}
