// The Datadog HTTP API, no Agent: here against a loopback intake that prints what it receives.
import { configure, metrics } from "@metrics/core";
import { DatadogBackend } from "@metrics/datadog";
import { startIntake } from "./local-intake.mjs";

const intake = await startIntake(); // stands in for https://api.datadoghq.com

// At startup, once: the application picks the transport. In production, leave out `baseUrl`
// and give `site` (or DD_SITE); the key comes from DD_API_KEY when `apiKey` is not given.
configure({
  backend: new DatadogBackend({
    apiKey: intake.apiKey,
    baseUrl: intake.url,
    tags: { env: "dev" },
  }),
  prefix: "shop",
});

// Anywhere in the code:
metrics.incr("orders.placed", { tags: { country: "fr" } });
metrics.incr("orders.placed", { tags: { country: "fr" } });
metrics.gauge("queue.depth", 7);
metrics.timing("db.query", 0.042, { tags: { table: "orders" } }); // a distribution of 42 (ms)
metrics.set("customers.active", "alice");
metrics.set("customers.active", "bob");

await metrics.close(); // sends the last window and waits until the intake accepted it
await intake.stop();
