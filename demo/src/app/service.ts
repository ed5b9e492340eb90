/**
 * The instrumented service. It only knows `@metrics/core`: which transport receives its metrics
 * is decided once, at startup, by whoever calls `configure` (here: src/backend.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { metrics } from "@metrics/core";
import { findRoute, type Reply } from "./routes.js";

const INTERNAL_ERROR: Reply = { status: 500, body: { error: "internal error" } };

export interface Service {
  url: string;
  close(): Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

/**
 * Starts the instrumented service on a free loopback port.
 *
 * @example
 * const service = await startService();
 * await fetch(`${service.url}/health`);
 * await service.close();
 */
export async function startService(): Promise<Service> {
  let inFlight = 0;

  const server = http.createServer(async (request, response) => {
    metrics.gauge("http.in_flight", ++inFlight);
    const user = request.headers["x-user-id"];
    if (typeof user === "string") metrics.set("users.active", user);

    const path = new URL(request.url ?? "/", "http://service").pathname;
    const [route, params] = findRoute(request.method ?? "GET", path);
    // Every metric emitted while handling this request, however deep, carries its route.
    const reply = await metrics.withTags({ route: route.id }, async () => {
      const timer = metrics.timer("http.latency");
      const body = await readBody(request);
      const reply = await route.handle(params, body).catch(() => INTERNAL_ERROR);
      timer.tags.status = reply.status;
      timer.stop();
      metrics.incr("http.requests", { tags: { status: reply.status } });
      return reply;
    });
    metrics.gauge("http.in_flight", --inFlight);
    response.writeHead(reply.status, { "content-type": "application/json" });
    response.end(JSON.stringify(reply.body));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  metrics.incr("service.started");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
