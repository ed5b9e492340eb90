// Metrics into Sentry through the Sentry SDK, here to a loopback intake this example starts.

import { configure, metrics } from "@metrics/core";
import { SentryBackend } from "@metrics/sentry";
import * as Sentry from "@sentry/node";
import { startSentryIntake } from "./local-sentry.mjs";

const intake = await startSentryIntake(); // prints every metric item it receives

// At startup, once: Sentry first (as its docs say), then the transport.
Sentry.init({ dsn: intake.dsn, tracesSampleRate: 1 });
configure({ backend: new SentryBackend(), prefix: "shop" }); // the @sentry/node initialised above

// Anywhere in the code:
metrics.incr("orders.placed", 2, { tags: { country: "fr" }, instance: "eu-1" });
metrics.gauge("queue.depth", 7, { unit: "item" });
metrics.distribution("cart.size", 3);
await Sentry.startSpan({ name: "checkout" }, async (span) => {
  // Linked to this span: Sentry shows it on the trace.
  await metrics.time("payment.charge", () => new Promise((resolve) => setTimeout(resolve, 20)));
  console.log(`span ${span.spanContext().spanId}`);
});
metrics.set("customers.active", "alice");
metrics.set("customers.active", "bob");
metrics.set("customers.active", "alice");

await metrics.close(); // flushes the SDK (within 5 s), never closes it
await Sentry.close(2_000);
await intake.stop();
