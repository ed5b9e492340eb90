// Times every request of a plain node:http service with an Express-style middleware.
import { once } from "node:events";
import http from "node:http";
import { configure, metrics } from "@metrics/core";
import { LoggingBackend } from "@metrics/core/logging";
import { timeRequests } from "./time-requests.mjs";

/** @typedef {import("./time-requests.mjs").Request} Request */
/** @typedef {import("./time-requests.mjs").Response} Response */
/** @typedef {(req: Request, res: Response, next: (error?: unknown) => void) => void} Middleware */

/** Runs Express-style middleware in order (what `app.use` does); an error answers 500. */
function chain(/** @type {Middleware[]} */ ...middleware) {
  return (/** @type {Request} */ req, /** @type {Response} */ res) => {
    let index = 0;
    /** @param {unknown} [error] */
    const next = (error) => {
      const handler = middleware[index++];
      if (error !== undefined || handler === undefined) {
        res.writeHead(error === undefined ? 404 : 500).end();
        return;
      }
      try {
        handler(req, res, next);
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  };
}

/** A tiny router: sets `req.route` like Express does, so the middleware can tag the pattern. */
function get(/** @type {string} */ path, /** @type {Middleware} */ handler) {
  const pattern = new RegExp(`^${path.replace(/:\w+/g, "[^/]+")}$`);
  return /** @type {Middleware} */ (
    (req, res, next) => {
      if (req.method !== "GET" || !pattern.test(req.url ?? "")) return next();
      req.route = { path };
      handler(req, res, next);
    }
  );
}

// Here metrics go to the log; a service would configure its transport (StatsD, ...) instead.
configure({ backend: new LoggingBackend() });

const server = http.createServer(
  chain(
    timeRequests(),
    get("/health", (_req, res) => res.end("ok")),
    get("/users/:id", (_req, res) => res.end('{"name":"Ada"}')),
    get("/boom", () => {
      throw new Error("boom");
    }),
  ),
);
server.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());

for (const path of ["/health", "/users/42", "/boom", "/nope"]) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  await response.arrayBuffer();
}

server.closeAllConnections();
server.close();
await metrics.close();
