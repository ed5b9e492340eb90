import type { ClientRequest, IncomingMessage } from "node:http";
import { timing } from "@metrics/core";
import { failureTags, ResponseTagCache } from "./request-tags.js";
import type { Subscriptions } from "./subscriptions.js";

/** The metric every outgoing request (`node:http`, `node:https`, `fetch`) is timed into. */
export const CLIENT_DURATION = "http.client.request.duration";

const STARTED = Symbol("@metrics/runtime.started");
const FAILURE = Symbol("@metrics/runtime.failure");

type TimedRequest = ClientRequest & { [STARTED]?: number; [FAILURE]?: unknown };

/**
 * Times every `node:http`/`node:https` request this process makes, from
 * `http.client.request.start` until its response's headers arrive
 * (`http.client.response.finish`). A request that closes without a response is timed as
 * `error`, with the error's code when `http.client.request.error` gave one.
 */
export function timeClientRequests(subscriptions: Subscriptions): void {
  const answered = new ResponseTagCache();
  // Shared by every request, added with `on` (no `once` wrapper): a request closes only once.
  function onClose(this: TimedRequest): void {
    const started = this[STARTED];
    if (started === undefined || !subscriptions.active) return;
    this[STARTED] = undefined;
    const tags = failureTags(this.method, "error", this[FAILURE]);
    timing(CLIENT_DURATION, (performance.now() - started) / 1000, { tags });
  }
  subscriptions.add<{ request: TimedRequest }>("http.client.request.start", ({ request }) => {
    request[STARTED] = performance.now();
    request.on("close", onClose);
  });
  subscriptions.add<{ request: TimedRequest; error: unknown }>(
    "http.client.request.error",
    ({ request, error }) => {
      request[FAILURE] = error;
    },
  );
  subscriptions.add<{ request: TimedRequest; response: IncomingMessage }>(
    "http.client.response.finish",
    ({ request, response }) => {
      const started = request[STARTED];
      if (started === undefined) return;
      request[STARTED] = undefined;
      const tags = answered.get(request.method, response.statusCode ?? 0, undefined);
      timing(CLIENT_DURATION, (performance.now() - started) / 1000, { tags });
    },
  );
}
