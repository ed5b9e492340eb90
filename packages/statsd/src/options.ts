import type { ErrorHandler } from "@metrics/core";

/** How tags are written: see the README for the exact line shapes. */
export type TagFormat = "dogstatsd" | "graphite" | "influx" | "none";
/** How to reach the server: UDP, TCP or a Unix domain datagram socket (`uds`). */
export type Protocol = "udp" | "tcp" | "uds";

/** Options of {@link StatsdBackend}; every one is optional. */
export interface StatsdBackendOptions {
  /** Server host name or IP address. Default `"127.0.0.1"`. Ignored for `uds`. */
  host?: string;
  /** Server port. Default `8125`. Ignored for `uds`. */
  port?: number;
  /** Default `"udp"`. `"uds"` is a Unix datagram socket at `path`. */
  protocol?: Protocol;
  /** Unix datagram socket path; required with `protocol: "uds"`. */
  path?: string;
  /** Default `"dogstatsd"` (`|#k:v`, which Etsy StatsD >= 0.9 turns into Graphite tags). */
  tagFormat?: TagFormat;
  /** Largest payload in bytes. Default 1432 (UDP), 8192 (UDS, TCP). */
  maxPacketSize?: number;
  /** Client-side aggregation per flush window. Default `true`. */
  aggregation?: boolean;
  /** Flush window in ms; must divide 10,000 or be a multiple of it. Default 1000. */
  flushIntervalMs?: number;
  /** Live contexts per window before samples are sent unaggregated. Default 10,000. */
  maxContexts?: number;
  /** Timer values buffered per context; a full context is sent at once. Default 1,000. */
  maxSamplesPerContext?: number;
  /** Unique set members kept per context per window. Default 1,000. */
  maxSetMembers?: number;
  /**
   * TCP/UDS: bytes held while the server is unreachable (resent after reconnecting), and bytes
   * written but not yet out of a connection. Default 1 MiB.
   */
  maxHeldBytes?: number;
  /** How long `flush()` and `close()` wait for payloads to leave the socket, in ms. Default 10,000. */
  flushTimeoutMs?: number;
  /** How long a resolved host name is used before it is looked up again, in ms. Default 60,000. */
  dnsCacheTtlMs?: number;
  /** Receives every failure. Default: `reportError` of `@metrics/core`. */
  onError?: ErrorHandler;
}

/** The options in effect (`StatsdBackend#options`): every option resolved, defaults filled in. */
export interface ResolvedStatsdOptions
  extends Required<Omit<StatsdBackendOptions, "path" | "onError">> {
  /** The Unix socket path, for `protocol: "uds"`. */
  path: string | undefined;
}

const PROTOCOLS: readonly Protocol[] = ["udp", "tcp", "uds"];
const TAG_FORMATS: readonly TagFormat[] = ["dogstatsd", "graphite", "influx", "none"];
/** The usual safe UDP payload: a 1500-byte Ethernet MTU minus IP and UDP headers, with margin. */
const UDP_PACKET_SIZE = 1432;
const STREAM_PACKET_SIZE = 8192;
const SERVER_FLUSH_MS = 10_000;

/** Validates options and fills in defaults; bad configuration throws a clear `TypeError`. */
export function resolveOptions(options: StatsdBackendOptions): ResolvedStatsdOptions {
  const protocol = options.protocol ?? "udp";
  if (!PROTOCOLS.includes(protocol)) {
    throw new TypeError(`protocol must be one of ${PROTOCOLS.join(", ")}, got ${String(protocol)}`);
  }
  const tagFormat = options.tagFormat ?? "dogstatsd";
  if (!TAG_FORMATS.includes(tagFormat)) {
    throw new TypeError(
      `tagFormat must be one of ${TAG_FORMATS.join(", ")}, got ${String(tagFormat)}`,
    );
  }
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host === "") {
    throw new TypeError(`host must be a non-empty string, got ${String(host)}`);
  }
  const port = integer("port", options.port, 8125, 1);
  if (port > 65_535) throw new TypeError(`port must be at most 65535, got ${port}`);
  const path = options.path;
  if (protocol === "uds" && (typeof path !== "string" || path === "")) {
    throw new TypeError('path (the Unix datagram socket) is required with protocol "uds"');
  }
  const flushIntervalMs = integer("flushIntervalMs", options.flushIntervalMs, 1000, 1);
  if (SERVER_FLUSH_MS % flushIntervalMs !== 0 && flushIntervalMs % SERVER_FLUSH_MS !== 0) {
    throw new TypeError(
      `flushIntervalMs must divide the server's 10,000 ms flush (e.g. 500, 1000, 2000, 5000) or be a multiple of it, got ${flushIntervalMs}`,
    );
  }
  return {
    host,
    port,
    protocol,
    path,
    tagFormat,
    maxPacketSize: integer(
      "maxPacketSize",
      options.maxPacketSize,
      protocol === "udp" ? UDP_PACKET_SIZE : STREAM_PACKET_SIZE,
      64,
    ),
    aggregation: options.aggregation ?? true,
    flushIntervalMs,
    maxContexts: integer("maxContexts", options.maxContexts, 10_000, 1),
    maxSamplesPerContext: integer("maxSamplesPerContext", options.maxSamplesPerContext, 1_000, 1),
    maxSetMembers: integer("maxSetMembers", options.maxSetMembers, 1_000, 1),
    maxHeldBytes: integer("maxHeldBytes", options.maxHeldBytes, 1024 * 1024, 0),
    flushTimeoutMs: integer("flushTimeoutMs", options.flushTimeoutMs, 10_000, 1),
    dnsCacheTtlMs: integer("dnsCacheTtlMs", options.dnsCacheTtlMs, 60_000, 1),
  };
}

function integer(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}
