import { timing } from "@metrics/core";
import { CLIENT_DURATION } from "./client-requests.js";
import { failureTags, ResponseTagCache } from "./request-tags.js";
import type { Subscriptions } from "./subscriptions.js";

const STARTED = Symbol("@metrics/runtime.started");

/** An undici request as its diagnostics channels give it. */
interface UndiciRequest {
  method?: string;
  [STARTED]?: number;
}

/**
 * Times every `fetch` (Node's bundled undici, or the `undici` package) from
 * `undici:request:create` until its response's headers (`undici:request:headers`), or until
 * `undici:request:error` (timed as `error`, an abort's code `ABORT_ERR`).
 */
export function timeFetchRequests(subscriptions: Subscriptions): void {
  const answered = new ResponseTagCache();
  subscriptions.add<{ request: UndiciRequest }>("undici:request:create", ({ request }) => {
    request[STARTED] = performance.now();
  });
  subscriptions.add<{ request: UndiciRequest; response: { statusCode?: number } }>(
    "undici:request:headers",
    ({ request, response }) => {
      const started = request[STARTED];
      if (started === undefined) return;
      request[STARTED] = undefined;
      const tags = answered.get(request.method, response.statusCode ?? 0, undefined);
      timing(CLIENT_DURATION, (performance.now() - started) / 1000, { tags });
    },
  );
  subscriptions.add<{ request: UndiciRequest; error: unknown }>(
    "undici:request:error",
    ({ request, error }) => {
      const started = request[STARTED];
      if (started === undefined) return;
      request[STARTED] = undefined;
      const tags = failureTags(request.method, "error", error);
      timing(CLIENT_DURATION, (performance.now() - started) / 1000, { tags });
    },
  );
}
