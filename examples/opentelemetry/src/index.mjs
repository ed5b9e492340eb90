// @metrics/opentelemetry into the real OpenTelemetry SDK, exporting OTLP/HTTP to a collector
// (here a loopback stand-in that prints what it receives).
import { setTimeout as sleep } from "node:timers/promises";
import { configure, metrics } from "@metrics/core";
import { OpenTelemetryBackend } from "@metrics/opentelemetry";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { startCollector } from "./local-collector.mjs";

const collector = await startCollector();

// At startup, once: the application's SDK, and the backend on its MeterProvider.
const meterProvider = new MeterProvider({
  readers: [
    new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: collector.url }),
      exportIntervalMillis: 60_000,
    }),
  ],
});
configure({ backend: new OpenTelemetryBackend({ meterProvider }), prefix: "shop" });

// Anywhere in the code:
metrics.incr("orders.placed", { tags: { country: "fr" } });
metrics.incr("orders.placed", 2, { tags: { country: "fr" } });
metrics.gauge("queue.depth", 7);
metrics.distribution("payload.size", 2048, { unit: "By" });
metrics.timing("db.query", 0.042, { tags: { table: "orders" } }); // a histogram in seconds
await metrics.time("payment.charge", () => sleep(20)); // tagged result=success
metrics.set("customers.active", "alice");
metrics.set("customers.active", "bob");
metrics.set("customers.active", "alice");

await metrics.close(); // forceFlush: exports now (the provider stays the application's)
await meterProvider.shutdown();
await collector.stop();
