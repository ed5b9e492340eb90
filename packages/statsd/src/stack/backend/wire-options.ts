import {
  booleanOption,
  checkKnownOptions,
  choiceOption,
  configError,
  integerOption,
  type ResolvedTransportOptions,
  resolveTransportOptions,
  stringOption,
  TRANSPORT_OPTION_NAMES,
  type TransportOptions,
} from "@metrics/transport";
import type { Protocol } from "../socket/wire-socket.js";

/** The options of every StatsD-family transport: where to send, and the shared vocabulary. */
export interface WireOptions extends TransportOptions {
  /** Server host name or IP address. Default `"127.0.0.1"`. Ignored for `uds`. */
  host?: string;
  /** Server port. Default `8125`. Ignored for `uds`. */
  port?: number;
  /** Default `"udp"`. `"uds"` is a Unix datagram socket at `path`. */
  protocol?: Protocol;
  /** Unix datagram socket path, for `protocol: "uds"`. */
  path?: string;
  /** Largest payload in bytes. Default 1432 (UDP), 8192 (UDS, TCP). */
  maxPacketSize?: number;
  /** Client-side aggregation per flush window. Default `true`. */
  aggregation?: boolean;
  /** How long a resolved host name is used before it is looked up again, in ms. Default 60,000. */
  dnsCacheTtlMs?: number;
  /** TCP/UDS: the first wait before resending what a broken connection held. Default 500 ms. */
  reconnectIntervalMs?: number;
}

/** The stack's options in effect, defaults filled in. */
export interface ResolvedWireOptions extends ResolvedTransportOptions {
  /** Server host name or IP address. */
  host: string;
  /** Server port. */
  port: number;
  /** `"udp"`, `"tcp"` or `"uds"`. */
  protocol: Protocol;
  /** The Unix datagram socket path, for `protocol: "uds"`; `undefined` otherwise. */
  path: string | undefined;
  /** Largest payload in bytes, the protocol's default filled in. */
  maxPacketSize: number;
  /** Whether calls are aggregated per flush window. */
  aggregation: boolean;
  /** How long a resolved host name is used before it is looked up again, in ms. */
  dnsCacheTtlMs: number;
  /** TCP/UDS: the first wait before resending what a broken connection held, in ms. */
  reconnectIntervalMs: number;
}

/** The names of {@link WireOptions}, for the unknown-option check. */
export const WIRE_OPTION_NAMES: readonly string[] = Object.freeze([
  ...TRANSPORT_OPTION_NAMES,
  "host",
  "port",
  "protocol",
  "path",
  "maxPacketSize",
  "aggregation",
  "dnsCacheTtlMs",
  "reconnectIntervalMs",
]);

/** The usual safe UDP payload: a 1500-byte Ethernet MTU minus IP and UDP headers, with margin. */
const UDP_PACKET_SIZE = 1432;
const STREAM_PACKET_SIZE = 8192;
/** The largest UDP payload IPv4 can carry. */
const MAX_UDP_PACKET_SIZE = 65_507;

/**
 * Checks every option name against `known` (the stack's plus the flavour's), then validates the
 * stack's options. `defaultPath` is the flavour's Unix socket path, if it has one.
 *
 * @example
 * ```ts
 * const wire = resolveWireOptions("StatsdBackend", options, [...WIRE_OPTION_NAMES, "tagFormat"]);
 * ```
 */
export function resolveWireOptions(
  owner: string,
  options: WireOptions,
  known: readonly string[],
  defaultPath?: string,
): ResolvedWireOptions {
  checkKnownOptions(owner, options, known);
  const shared = resolveTransportOptions(owner, options);
  const protocol = choiceOption<Protocol>(
    owner,
    "protocol",
    options.protocol,
    ["udp", "tcp", "uds"],
    "udp",
  );
  const path = stringOption(owner, "path", options.path, defaultPath);
  if (protocol === "uds" && path === undefined) {
    throw configError(owner, 'path (the Unix datagram socket) is required with protocol "uds"');
  }
  const maxPacketSize = integerOption(owner, "maxPacketSize", options.maxPacketSize, {
    default: protocol === "udp" ? UDP_PACKET_SIZE : STREAM_PACKET_SIZE,
    min: 64,
    max: protocol === "udp" ? MAX_UDP_PACKET_SIZE : undefined,
  });
  return {
    ...shared,
    host: stringOption(owner, "host", options.host, "127.0.0.1"),
    port: integerOption(owner, "port", options.port, { default: 8125, min: 1, max: 65_535 }),
    protocol,
    path,
    maxPacketSize,
    aggregation: booleanOption(owner, "aggregation", options.aggregation, true),
    dnsCacheTtlMs: integerOption(owner, "dnsCacheTtlMs", options.dnsCacheTtlMs, {
      default: 60_000,
      min: 1,
    }),
    reconnectIntervalMs: integerOption(owner, "reconnectIntervalMs", options.reconnectIntervalMs, {
      default: 500,
      min: 1,
    }),
  };
}
