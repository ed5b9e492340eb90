import { metrics } from "@metrics/core";

/** @typedef {import("node:http").IncomingMessage & { route?: { path: string } }} Request */
/** @typedef {import("node:http").ServerResponse} Response */

/**
 * Express-style middleware: times every request until its response is done, and counts it,
 * tagged with the method, the matched route pattern (never the raw URL: ids would make a new
 * series per user) and the status code. Works in Express as `app.use(timeRequests())`.
 */
export function timeRequests() {
  return (
    /** @type {Request} */ req,
    /** @type {Response} */ res,
    /** @type {() => void} */ next,
  ) => {
    const timer = metrics.timer("http.server.duration", { tags: { method: req.method } });
    // "close" fires once the response is sent, or when the client went away before that.
    res.once("close", () => {
      timer.tags.route = req.route?.path ?? "unmatched";
      timer.tags.status = res.writableFinished ? res.statusCode : "aborted";
      timer.stop();
      metrics.incr("http.server.requests", { tags: timer.tags });
    });
    next();
  };
}
