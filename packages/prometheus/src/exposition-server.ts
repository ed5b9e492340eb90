import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { configError } from "@metrics/transport";

/** Where {@link PrometheusBackend.listen} serves. */
export interface ListenOptions {
  /** TCP port; `0` picks a free one. */
  port: number;
  /** Interface to bind. Default: all interfaces, as Prometheus exporters do. */
  host?: string;
}

/** The address the server bound, and the URL Prometheus scrapes. */
export interface BoundAddress {
  /** The IP address bound (`0.0.0.0` or `::` for all interfaces). */
  address: string;
  /** `IPv4` or `IPv6`. */
  family: string;
  /** The port bound (the free one picked for `port: 0`). */
  port: number;
  /** `http://<address>:<port>/metrics`. */
  url: string;
}

/** A request handler in the shape of `node:http` (Express and Koa's `ctx.req/res` too). */
export type MetricsHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Throws a `MetricsError` (`invalid_option`) naming the option when `port` or `host` is not usable.
 *
 * @example
 * validateListenOptions({ port: 9464 }); // fine
 * validateListenOptions({ port: -1 });
 * // throws MetricsError: PrometheusBackend: port must be an integer from 0 to 65535, got -1
 */
export function validateListenOptions(options: ListenOptions): void {
  if (typeof options !== "object" || options === null) {
    throw configError("PrometheusBackend", "listen takes { port, host? }");
  }
  const { port, host } = options;
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
    throw configError(
      "PrometheusBackend",
      `port must be an integer from 0 to 65535, got ${String(port)}`,
    );
  }
  if (host !== undefined && (typeof host !== "string" || host === "")) {
    throw configError("PrometheusBackend", `host must be a non-empty string, got ${String(host)}`);
  }
}

/**
 * An HTTP server for `GET /metrics` (404 elsewhere). Unref'd: it never keeps a process alive
 * on its own, as a Prometheus endpoint lives beside the application's own work.
 *
 * @example
 * const server = await startExpositionServer(handler, { port: 9464 });
 * await server.close();
 */
export async function startExpositionServer(
  handler: MetricsHandler,
  { port, host }: ListenOptions,
): Promise<{ bound: BoundAddress; close: () => Promise<void> }> {
  validateListenOptions({ port, host });
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "").split("?", 1)[0];
    if (path === "/metrics") handler(request, response);
    else response.writeHead(404, { "content-type": "text/plain" }).end("Not found: try /metrics\n");
  });
  server.listen(port, host);
  await Promise.race([
    once(server, "listening"),
    once(server, "error").then(([error]) => Promise.reject(error)),
  ]);
  server.unref();
  const { address, family, port: boundPort } = server.address() as AddressInfo;
  const urlHost = family === "IPv6" ? `[${address}]` : address;
  return {
    bound: { address, family, port: boundPort, url: `http://${urlHost}:${boundPort}/metrics` },
    async close() {
      const closed = once(server, "close");
      server.close();
      // A scraper keeps its connection open; close() must not wait for it to leave.
      server.closeAllConnections();
      await closed;
    },
  };
}
