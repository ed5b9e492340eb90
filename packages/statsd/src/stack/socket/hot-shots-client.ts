import StatsD, { type ClientOptions } from "hot-shots";
import type { Protocol } from "./wire-socket.js";

/** The part of a hot-shots client the stack uses: raw payloads out, and close. */
export interface RawClient {
  sendMessage(message: string, callback: (error?: Error | null) => void): void;
  close(callback: (error?: Error) => void): void;
  /** The container id hot-shots read, with origin detection. */
  containerID?: string;
}

/** Where a hot-shots client sends. */
export interface ClientSettings {
  protocol: Protocol;
  host: string;
  port: number;
  path: string | undefined;
  dnsCacheTtlMs: number;
  originDetection: boolean;
  onSocketError: (error: Error) => void;
}

/**
 * A hot-shots client used only as a socket layer. Every Datadog behaviour is switched off
 * explicitly (origin detection only when asked), and host, port, protocol and path are always
 * given, so no `DD_*` variable (`DD_AGENT_HOST`, `DD_DOGSTATSD_URL`, `DD_TAGS`, `DD_ENV`, …) can
 * reroute or reshape traffic. Its own TCP/UDS reconnection is off: after a refused first
 * connection hot-shots never replaces the destroyed socket, so `WireSocket` reconnects by
 * building a new client instead.
 *
 * @example
 * ```ts
 * const client = createRawClient({ protocol: "udp", host: "127.0.0.1", port: 8125, path: undefined,
 *   dnsCacheTtlMs: 60_000, originDetection: false, onSocketError: console.error });
 * client.sendMessage("jobs:1|c", () => {});
 * ```
 */
export function createRawClient(settings: ClientSettings): RawClient {
  const options: ClientOptions & Record<string, unknown> = {
    protocol: settings.protocol,
    host: settings.host,
    port: settings.port,
    datadog: settings.originDetection,
    originDetection: settings.originDetection,
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
    telegraf: false,
    useDefaultRoute: false,
    globalize: false,
    mock: false,
    maxBufferSize: 0,
    cacheDns: true,
    cacheDnsTtl: settings.dnsCacheTtlMs,
    tcpGracefulErrorHandling: false,
    udsGracefulErrorHandling: false,
    errorHandler: settings.onSocketError,
  };
  if (settings.path !== undefined) options.path = settings.path;
  return new StatsD(options) as unknown as RawClient;
}
