import type { IncomingMessage } from "node:http";
import { MetricsError, reportError } from "@metrics/core";

/** Works out a request's route template, e.g. `/users/:id`; `undefined` when none is known. */
export type RouteOf = (request: IncomingMessage) => string | undefined;

interface ExpressRequest extends IncomingMessage {
  baseUrl?: unknown;
  route?: { path?: unknown };
}

/**
 * The route template the framework matched: Express (4 and 5) leaves the matched route on
 * `req.route` and the mount path of its router on `req.baseUrl`. Never the request's own path.
 */
export function expressRoute(request: IncomingMessage): string | undefined {
  const { route, baseUrl } = request as ExpressRequest;
  if (typeof route?.path !== "string") return undefined;
  return (typeof baseUrl === "string" ? baseUrl : "") + route.path;
}

/** Wraps the `route` option: a throw or a non-string is reported once and gives no route. */
export function guardedRoute(route: RouteOf): RouteOf {
  let reported = false;
  return (request) => {
    try {
      const template = route(request);
      if (template === undefined || typeof template === "string") return template;
      throw new TypeError(`returned a ${typeof template}`);
    } catch (cause) {
      if (!reported) {
        reported = true;
        reportError(
          new MetricsError(
            "invalid_tag",
            "@metrics/runtime: instrumentHttp()'s `route` failed; no route tag",
            {
              cause,
            },
          ),
        );
      }
      return undefined;
    }
  };
}
