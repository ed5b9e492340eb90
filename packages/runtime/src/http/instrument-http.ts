import { optionError, replaceRunning, type Stoppable, stopOnce } from "../options.js";
import { timeClientRequests } from "./client-requests.js";
import { timeFetchRequests } from "./fetch-requests.js";
import { expressRoute, guardedRoute, type RouteOf } from "./route-template.js";
import { timeServerRequests } from "./server-requests.js";
import { Subscriptions } from "./subscriptions.js";

/** Options of {@link instrumentHttp}. Every one is optional. */
export interface HttpInstrumentationOptions {
  /** Time the requests this process serves (`http.server.request.duration`). Default: true. */
  server?: boolean;
  /** Time the requests it makes, `node:http(s)` and `fetch` (`http.client.request.duration`). Default: true. */
  client?: boolean;
  /**
   * The route template of a served request (`/users/:id`), or `undefined` for none. Default (and
   * when it returns `undefined`): Express's matched route, `req.baseUrl + req.route.path`.
   */
  route?: RouteOf;
}

/**
 * Times every HTTP request the process serves or makes from Node's own `diagnostics_channel`
 * events (no middleware, any framework), as timings tagged `method`, `status`, `status_class`
 * and, for served requests, `route` (the template, never the raw path). Requests that end
 * without a response are timed with status `aborted` (served) or `error` (made). `stop()`
 * removes every subscription; a second call stops the first.
 *
 * @example
 * ```ts
 * import { instrumentHttp } from "@metrics/runtime";
 *
 * const http = instrumentHttp({ route: (req) => (req.url?.startsWith("/health") ? "/health" : undefined) });
 * // http.server.request.duration{method:GET,status:200,status_class:2xx,route:/users/:id}
 * http.stop();
 * ```
 */
export function instrumentHttp(options: HttpInstrumentationOptions = {}): Stoppable {
  const fn = "instrumentHttp";
  const { server = true, client = true, route } = options;
  if (typeof server !== "boolean") throw optionError(fn, "`server` must be a boolean");
  if (typeof client !== "boolean") throw optionError(fn, "`client` must be a boolean");
  if (route !== undefined && typeof route !== "function") {
    throw optionError(fn, "`route` must be a function of the request");
  }
  const routeOf: RouteOf =
    route === undefined
      ? expressRoute
      : (
          (given) => (request) =>
            given(request) ?? expressRoute(request)
        )(guardedRoute(route));
  const subscriptions = new Subscriptions();
  if (server) timeServerRequests(subscriptions, routeOf);
  if (client) {
    timeClientRequests(subscriptions);
    timeFetchRequests(subscriptions);
  }
  const handle = stopOnce(() => subscriptions.removeAll());
  replaceRunning("http", handle);
  return handle;
}
