// @metrics/prometheus: metrics kept for Prometheus and served on /metrics. The example scrapes
// itself once and prints what Prometheus would read.
import { setTimeout as sleep } from "node:timers/promises";
import { configure, metrics } from "@metrics/core";
import { PrometheusBackend } from "@metrics/prometheus";

// At startup, once: the backend and its endpoint (port 0: any free port; 9464 in production).
const backend = new PrometheusBackend();
const { url } = await backend.listen({ port: 0, host: "127.0.0.1" });
configure({ backend, prefix: "shop" });

// Anywhere in the code:
metrics.incr("orders.placed", { tags: { country: "fr" } });
metrics.incr("orders.placed", 2, { tags: { country: "fr" } });
metrics.gauge("queue.depth", 7);
metrics.distribution("payload.size", 2048, { unit: "byte" });
metrics.timing("db.query", 0.042, { tags: { table: "orders" } }); // seconds
await metrics.time("payment.charge", () => sleep(20)); // tagged result="success"
metrics.set("customers.active", "alice");
metrics.set("customers.active", "bob");
metrics.set("customers.active", "alice");
await metrics.flush(); // ends the set window (every 10 s otherwise)

// What Prometheus scrapes:
const response = await fetch(url);
console.log(`GET ${url} -> ${response.status} ${response.headers.get("content-type")}`);
console.log(await response.text());

await metrics.close(); // stops the server
