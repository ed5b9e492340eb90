import { type ErrorHandler, reportError, type TagInput } from "@metrics/core";
import type { Protocol } from "./transport/agent-socket.js";

/** How `timing()` goes out: DogStatsD type `d` (default), `ms` or `h`. */
export type TimingAs = "distribution" | "timer" | "histogram";

/** Options of {@link DogStatsdBackend}; every one is optional. */
export interface DogStatsdBackendOptions {
  /** `udp` (default), `uds` (Unix datagram socket) or `tcp`. */
  protocol?: Protocol;
  /** Agent host for UDP and TCP. Default `127.0.0.1`; resolved once, refreshed every 60 s. */
  host?: string;
  /** Agent port for UDP and TCP. Default `8125`. */
  port?: number;
  /** Socket path for `uds`. Default `/var/run/datadog/dsd.socket`. */
  path?: string;
  /** Largest payload in bytes. Default 1432 for UDP, 8192 for UDS and TCP. */
  maxPacketSize?: number;
  /** Tags added to every metric and event. */
  tags?: TagInput;
  /** Adds `env`, `service`, `version` from `DD_ENV`, `DD_SERVICE`, `DD_VERSION`. Default false. */
  unifiedServiceTags?: boolean;
  /** Where `unifiedServiceTags` reads from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Metric type of `timing()`. Default `distribution`. */
  timingAs?: TimingAs;
  /** Client-side aggregation. Default true; false sends every call as its own line. */
  aggregation?: boolean;
  /** Aggregation window in ms; must divide the Agent's 10 s flush. Default 2000. */
  flushIntervalMs?: number;
  /** Live contexts per window; past it the window is sent at once. Default 10,000. */
  maxContexts?: number;
  /** Distribution, histogram and timer values kept per context per window. Default 1000. */
  maxSamplesPerContext?: number;
  /**
   * Packs the values of one context on one line, `name:v1:v2|d` (DogStatsD protocol 1.1, Agent
   * >= 6.25 / 7.25). Default true; false writes one value per line (older Agents, Etsy StatsD).
   */
  packValues?: boolean;
  /** Sends the transport's own counters (datagrams, bytes, drops). Default false. */
  telemetry?: boolean;
  /** Name prefix of the telemetry metrics. Default `metrics.dogstatsd.`. */
  telemetryPrefix?: string;
  /** Lets hot-shots detect the container id and send it as `|c:` (origin detection). Default false. */
  originDetection?: boolean;
  /** A container id to send as `|c:` without detection. */
  containerId?: string;
  /** Least time in ms between two attempts to replace a broken TCP or UDS connection. Default 1000. */
  reconnectIntervalMs?: number;
  /** Bytes handed to the socket but not yet sent past which payloads are dropped. Default 4 MiB. */
  maxInFlightBytes?: number;
  /** Longest wait of `flush()` / `close()` for payloads to leave, in ms. Default 5000. */
  flushTimeoutMs?: number;
  /** Each kind of error is reported at most once per this many ms. Default 10,000. */
  errorIntervalMs?: number;
  /** Receives every failure. Default: `reportError` of `@metrics/core` (the app's `onError`). */
  onError?: ErrorHandler;
}

/** The options in effect (`DogStatsdBackend#options`): every option resolved, defaults filled in. */
export interface ResolvedDogStatsdOptions
  extends Required<
    Omit<DogStatsdBackendOptions, "tags" | "unifiedServiceTags" | "env" | "containerId">
  > {
  /** The constant tags, `env`/`service`/`version` included when `unifiedServiceTags` asked for them. */
  tags: Record<string, string>;
  /** The container ID sent for origin detection, if any. */
  containerId: string | undefined;
}

const AGENT_FLUSH_MS = 10_000;
const TIMING_AS = ["distribution", "timer", "histogram"];

/** Validates options; bad configuration throws here, never later on a hot path. */
export function resolveOptions(options: DogStatsdBackendOptions = {}): ResolvedDogStatsdOptions {
  const fail = (message: string): never => {
    throw new TypeError(`DogStatsdBackend: ${message}`);
  };
  const protocol = options.protocol ?? "udp";
  if (protocol !== "udp" && protocol !== "tcp" && protocol !== "uds") {
    fail(`protocol must be "udp", "tcp" or "uds", got ${JSON.stringify(protocol)}`);
  }
  const integer = (name: string, value: number | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min) fail(`${name} must be an integer >= ${min}`);
    return value;
  };
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host === "") fail("host must be a non-empty string");
  const port = integer("port", options.port, 8125, 1);
  if (port > 65535) fail("port must be at most 65535");
  const path = options.path ?? "/var/run/datadog/dsd.socket";
  if (typeof path !== "string" || path === "") fail("path must be a non-empty string");
  const maxPacketSize = integer(
    "maxPacketSize",
    options.maxPacketSize,
    protocol === "udp" ? 1432 : 8192,
    64,
  );
  if (protocol === "uds" && maxPacketSize > 8192) {
    fail("maxPacketSize must be at most 8192 for uds (the Agent's buffer)");
  }
  if (protocol === "udp" && maxPacketSize > 65507)
    fail("maxPacketSize must be at most 65507 for udp");
  const timingAs = options.timingAs ?? "distribution";
  if (!TIMING_AS.includes(timingAs)) {
    fail(
      `timingAs must be "distribution", "timer" or "histogram", got ${JSON.stringify(timingAs)}`,
    );
  }
  const flushIntervalMs = integer("flushIntervalMs", options.flushIntervalMs, 2000, 1);
  if (AGENT_FLUSH_MS % flushIntervalMs !== 0) {
    fail(`flushIntervalMs must divide the Agent's 10000 ms flush, got ${flushIntervalMs}`);
  }
  const tags: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(options.tags ?? {})) {
    if (value === null || value === undefined) continue;
    if (key === "") fail("tags may not have an empty name");
    if (!["string", "number", "boolean"].includes(typeof value)) {
      fail(`tag ${JSON.stringify(key)} must be a string, number or boolean`);
    }
    tags[key] = String(value);
  }
  if (options.unifiedServiceTags) {
    const env = options.env ?? process.env;
    for (const [variable, tag] of [
      ["DD_ENV", "env"],
      ["DD_SERVICE", "service"],
      ["DD_VERSION", "version"],
    ] as const) {
      const value = env[variable];
      if (value) tags[tag] = value;
    }
  }
  if (
    options.containerId !== undefined &&
    (typeof options.containerId !== "string" || options.containerId === "")
  ) {
    fail("containerId must be a non-empty string");
  }
  if (options.onError !== undefined && typeof options.onError !== "function") {
    fail("onError must be a function");
  }
  return {
    protocol,
    host,
    port,
    path,
    maxPacketSize,
    tags,
    timingAs,
    aggregation: options.aggregation ?? true,
    flushIntervalMs,
    maxContexts: integer("maxContexts", options.maxContexts, 10_000, 1),
    maxSamplesPerContext: integer("maxSamplesPerContext", options.maxSamplesPerContext, 1000, 1),
    packValues: options.packValues ?? true,
    telemetry: options.telemetry ?? false,
    telemetryPrefix: options.telemetryPrefix ?? "metrics.dogstatsd.",
    originDetection: options.originDetection ?? false,
    containerId: options.containerId,
    reconnectIntervalMs: integer("reconnectIntervalMs", options.reconnectIntervalMs, 1000, 1),
    maxInFlightBytes: integer("maxInFlightBytes", options.maxInFlightBytes, 4 * 1024 * 1024, 1),
    flushTimeoutMs: integer("flushTimeoutMs", options.flushTimeoutMs, 5000, 1),
    errorIntervalMs: integer("errorIntervalMs", options.errorIntervalMs, 10_000, 0),
    onError: options.onError ?? reportError,
  };
}
