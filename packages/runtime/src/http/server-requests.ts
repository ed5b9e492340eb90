import type { IncomingMessage, ServerResponse } from "node:http";
import { timing } from "@metrics/core";
import { failureTags, ResponseTagCache } from "./request-tags.js";
import type { RouteOf } from "./route-template.js";
import type { Subscriptions } from "./subscriptions.js";

/** The metric every served request is timed into. */
export const SERVER_DURATION = "http.server.request.duration";

/** When a response's request started (`performance.now()`); deleted once it is timed. */
const STARTED = Symbol("@metrics/runtime.started");

type TimedResponse = ServerResponse & { [STARTED]?: number };

interface ServerMessage {
  request: IncomingMessage;
  response: TimedResponse;
}

/**
 * Times every request this process serves, from Node's `http.server.request.start` to
 * `http.server.response.finish`; a response that closes before it finished (the client went
 * away, the socket broke) is timed as `aborted`.
 */
export function timeServerRequests(subscriptions: Subscriptions, routeOf: RouteOf): void {
  const answered = new ResponseTagCache();
  // One listener for every response (`this` is the response): no closure per request. Added
  // with `on`, not `once` (whose wrapper costs an allocation): a response closes only once.
  function onClose(this: TimedResponse): void {
    const started = this[STARTED];
    if (started === undefined || !subscriptions.active) return;
    this[STARTED] = undefined;
    const tags = failureTags(this.req?.method, "aborted");
    const route = this.req === undefined ? undefined : routeOf(this.req);
    if (route !== undefined) tags.route = route;
    timing(SERVER_DURATION, (performance.now() - started) / 1000, { tags });
  }
  subscriptions.add<ServerMessage>("http.server.request.start", ({ response }) => {
    response[STARTED] = performance.now();
    response.on("close", onClose);
  });
  subscriptions.add<ServerMessage>("http.server.response.finish", ({ request, response }) => {
    const started = response[STARTED];
    if (started === undefined) return;
    response[STARTED] = undefined;
    const tags = answered.get(request.method, response.statusCode, routeOf(request));
    timing(SERVER_DURATION, (performance.now() - started) / 1000, { tags });
  });
}
