// A serverless function (AWS Lambda style). The platform may freeze or end the instance as soon
// as the handler returns, so the handler flushes its metrics before returning.
import { setTimeout as sleep } from "node:timers/promises";
import { configureFromEnv, flush, metrics } from "@metrics/core";

// Cold start, once per instance: the transport comes from the environment, e.g.
// METRICS_BACKEND=datadog, METRICS_PREFIX=checkout, DD_API_KEY=... (see src/index.mjs).
await configureFromEnv();

/** @param {{ country: string, items: string[] }} event */
export async function handler(event) {
  const timer = metrics.timer("handler.duration", { tags: { country: event.country } });
  metrics.incr("orders.received", { tags: { country: event.country } });
  metrics.distribution("basket.size", event.items.length, { unit: "item" });
  await sleep(10); // the function's work
  timer.stop();
  await flush(); // resolves once the intake accepted the points (or they were reported lost)
  return { statusCode: 201, body: JSON.stringify({ items: event.items.length }) };
}
