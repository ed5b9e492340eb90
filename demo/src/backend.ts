/**
 * The only module that knows which transport carries the metrics. The service's code
 * (src/app) is the same whichever backend this returns.
 */
import type { MetricsBackend } from "@metrics/core";
import { LoggingBackend } from "@metrics/core/logging";
import { DatadogBackend } from "@metrics/datadog";
import { DogStatsdBackend } from "@metrics/dogstatsd";
import { StatsdBackend } from "@metrics/statsd";
import type { PeerAddress } from "./peers/peer.js";

export const BACKENDS = ["statsd", "dogstatsd", "datadog", "logging"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Every transport flushes once a second here, so the live view moves. */
const FLUSH_INTERVAL_MS = 1000;

export function createBackend(name: BackendName, peer: PeerAddress): MetricsBackend {
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
  if (name === "logging" && peer.kind === "logger") {
    return new LoggingBackend({ logger: peer.logger });
  }
  throw new Error(`backend ${name} cannot send to a ${peer.kind} peer`);
}
