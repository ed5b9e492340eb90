// DogStatsD to a Datadog Agent's address; here a loopback UDP socket that prints each datagram.
import { configure, metrics } from "@metrics/core";
import { DogStatsdBackend } from "@metrics/dogstatsd";
import { startDatagramPrinter } from "./datagram-printer.mjs";

const agent = await startDatagramPrinter(); // stands in for the Agent on 127.0.0.1:8125

// At startup, once: the application picks the transport.
configure({
  backend: new DogStatsdBackend({ host: "127.0.0.1", port: agent.port, tags: { env: "dev" } }),
  prefix: "shop",
});

// Anywhere in the code:
metrics.incr("orders.placed", { tags: { country: "fr" } });
metrics.incr("orders.placed", { tags: { country: "fr" } });
metrics.gauge("queue.depth", 7);
metrics.distribution("basket.size", 3, { unit: "item" });
metrics.distribution("basket.size", 5, { unit: "item" });
metrics.timing("db.query", 0.042, { tags: { table: "orders" } }); // a distribution of 42 (ms)
metrics.set("customers.active", "alice");

await metrics.close(); // sends the last window before the process ends
await agent.stop();
