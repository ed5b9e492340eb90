// One withTags scope per request: every metric emitted while handling it, however deep and
// across awaits, carries the request's tags, and concurrent requests never mix them.
import { once } from "node:events";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { configure, metrics } from "@metrics/core";
import { LoggingBackend } from "@metrics/core/logging";

// Deep in the code: no tags passed around, yet these metrics carry the tenant and the plan.
async function loadCart(/** @type {string} */ userId) {
  const cached = userId.endsWith("1");
  if (!cached) metrics.incr("cache.miss");
  return metrics.time("db.query", () => sleep(cached ? 1 : 15), { tags: { table: "carts" } });
}

// Here metrics go to the log; a service would configure its transport (StatsD, ...) instead.
configure({ backend: new LoggingBackend() });

const server = http.createServer((req, res) => {
  const tenant = String(req.headers["x-tenant"] ?? "unknown");
  const plan = tenant === "acme" ? "enterprise" : "free";
  metrics.withTags({ tenant, plan }, async () => {
    await loadCart(String(req.headers["x-user"]));
    metrics.incr("cart.viewed");
    res.end("ok");
  });
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());

// Two tenants at the same time.
await Promise.all(
  [
    { tenant: "acme", user: "u1" },
    { tenant: "globex", user: "u2" },
    { tenant: "acme", user: "u3" },
  ].map(async ({ tenant, user }) => {
    const response = await fetch(`http://127.0.0.1:${port}/cart`, {
      headers: { "x-tenant": tenant, "x-user": user },
    });
    await response.arrayBuffer();
  }),
);

server.closeAllConnections();
server.close();
await metrics.close();
