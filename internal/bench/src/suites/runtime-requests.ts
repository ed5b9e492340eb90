import diagnosticsChannel from "node:diagnostics_channel";
import { EventEmitter } from "node:events";
import { configure, noopBackend } from "@metrics/core";
import { instrumentHttp } from "@metrics/runtime";
import { collectGarbage } from "../harness/gc.js";
import { CountingBackend } from "./counting-backend.js";

const serverStart = diagnosticsChannel.channel("http.server.request.start");
const serverFinish = diagnosticsChannel.channel("http.server.response.finish");
const clientStart = diagnosticsChannel.channel("http.client.request.start");
const clientFinish = diagnosticsChannel.channel("http.client.response.finish");

/** Stand-ins with the fields the handlers read: Node's objects are emitters too. */
class Incoming extends EventEmitter {
  method = "GET";
  statusCode = 200;
  route = { path: "/users/:id" };
  baseUrl = "";
}
class Outgoing extends EventEmitter {
  method = "GET";
  statusCode = 200;
  req: Incoming | undefined;
}

const REQUESTS = 200_000;
const ROUNDS = 7;

/**
 * What one request makes Node do around the instrumentation, as `_http_server.js` and
 * `_http_client.js` do it: publish each event only when the channel has subscribers, then emit
 * `close` on the response and the request.
 */
function serve(server: boolean, client: boolean): number {
  const start = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    if (server) {
      const request = new Incoming();
      const response = new Outgoing();
      response.req = request;
      if (serverStart.hasSubscribers)
        serverStart.publish({ request, response, socket: null, server: null });
      if (serverFinish.hasSubscribers)
        serverFinish.publish({ request, response, socket: null, server: null });
      response.emit("close");
    }
    if (client) {
      const request = new Outgoing();
      const response = new Incoming();
      if (clientStart.hasSubscribers) clientStart.publish({ request });
      if (clientFinish.hasSubscribers) clientFinish.publish({ request, response });
      request.emit("close");
    }
  }
  return ((performance.now() - start) * 1e6) / REQUESTS;
}

/** Median ns per request added by `instrumentHttp` (instrumented loop minus the same loop without). */
function added(server: boolean, client: boolean): number {
  const differences: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    collectGarbage();
    const plain = serve(server, client);
    const handle = instrumentHttp({ server, client });
    collectGarbage();
    const instrumented = serve(server, client);
    handle.stop();
    differences.push(instrumented - plain);
  }
  return differences.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

/** The added cost per request with the no-op backend, with a counting backend, and server-only. */
export async function publishRequests(): Promise<{
  noop: number;
  counting: number;
  serverOnly: number;
}> {
  configure({ backend: noopBackend });
  const noop = added(true, true);
  configure({ backend: new CountingBackend() });
  const counting = added(true, true);
  const serverOnly = added(true, false);
  configure({ backend: noopBackend });
  return { noop, counting, serverOnly };
}
