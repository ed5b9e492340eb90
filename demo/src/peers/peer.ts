import type { Received } from "../received.js";

/** Where the backend sends: what src/backend.ts needs to build it. */
export type PeerAddress =
  | { kind: "udp"; host: string; port: number }
  | { kind: "http"; url: string; apiKey: string }
  | { kind: "logger"; logger: (line: string) => void }
  /** Prometheus pulls: the backend's `listen()` URL is handed to the peer (a scraper, or a Prometheus server it starts). */
  | { kind: "scrape"; target: (metricsUrl: string) => Promise<void> }
  | { kind: "otlp"; url: string }
  | { kind: "sentry"; dsn: string };

/** The receiving end the demo starts and stops: a StatsD daemon, an HTTP intake, the log. */
export interface Peer {
  /** One line: what it is and where it listens. */
  readonly description: string;
  readonly address: PeerAddress;
  /** What arrived so far, as of the last `poll()`. */
  readonly received: Received;
  /** Decodes what arrived since the last call into `received`. */
  poll(): Promise<void>;
  /** Lines about what arrived since the last call (flushes, requests, log lines), for the view. */
  activity(): string[];
  /** Waits for what is still on its way, reads it, and stops. */
  stop(): Promise<void>;
}

/**
 * The lines a peer collects between two reads of the live view: `push` as things arrive,
 * `drain` hands them over and starts afresh (what `Peer.activity()` returns).
 *
 * @example
 * const activity = new ActivityLog();
 * activity.push("POST /v1/metrics: 12 data points");
 * activity.drain(); // ["POST /v1/metrics: 12 data points"], then []
 */
export class ActivityLog {
  private lines: string[] = [];

  push(line: string): void {
    this.lines.push(line);
  }

  drain(): string[] {
    const lines = this.lines;
    this.lines = [];
    return lines;
  }
}
