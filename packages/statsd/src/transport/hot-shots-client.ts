import StatsD, { type ClientOptions } from "hot-shots";
import type { Protocol } from "../options.js";

/** The part of a hot-shots client this transport uses: raw payloads out, and close. */
export interface RawClient {
  sendMessage(message: string, callback: (error?: Error | null) => void): void;
  close(callback: (error?: Error) => void): void;
}

export interface ClientSettings {
  protocol: Protocol;
  host: string;
  port: number;
  path: string | undefined;
  dnsCacheTtlMs: number;
  onSocketError: (error: Error) => void;
}

/**
 * A hot-shots client used only as a socket layer. Every Datadog behaviour is switched off
 * explicitly, and host, port, protocol and path are always given, so no `DD_*` variable
 * (`DD_AGENT_HOST`, `DD_DOGSTATSD_URL`, `DD_TAGS`, `DD_ENV`, …) can reroute or reshape traffic.
 * Its own TCP/UDS reconnection is off: after a refused first connection hot-shots never replaces
 * the destroyed socket, so `StatsdSocket` reconnects by building a new client instead.
 */
export function createRawClient(settings: ClientSettings): RawClient {
  const options: ClientOptions & Record<string, unknown> = {
    protocol: settings.protocol,
    host: settings.host,
    port: settings.port,
    datadog: false,
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
    telegraf: false,
    originDetection: false,
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
