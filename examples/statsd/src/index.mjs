// Plain StatsD to a real Etsy StatsD daemon, which this example starts on a free loopback port.
import { setTimeout as sleep } from "node:timers/promises";
import { configure, metrics } from "@metrics/core";
import { StatsdBackend } from "@metrics/statsd";
import { startStatsd } from "./local-statsd.mjs";

const statsd = await startStatsd(); // prints each line it receives, then its flush

// At startup, once: the application picks the transport.
configure({
  backend: new StatsdBackend({ host: "127.0.0.1", port: statsd.port }),
  prefix: "shop",
});

// Anywhere in the code:
metrics.incr("orders.placed", { tags: { country: "fr" } });
metrics.incr("orders.placed", 2, { tags: { country: "fr" } });
metrics.gauge("queue.depth", 7);
metrics.timing("db.query", 0.042, { tags: { table: "orders" } }); // seconds: StatsD gets 42 ms
await metrics.time("payment.charge", () => sleep(20)); // tagged result:success
metrics.set("customers.active", "alice");
metrics.set("customers.active", "bob");
metrics.set("customers.active", "alice");

await metrics.close(); // sends the last window before the process ends
await statsd.stop();
