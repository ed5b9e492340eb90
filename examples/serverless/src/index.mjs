// Plays the platform: configures the environment, invokes the handler three times, and checks
// after each invocation that its metrics had already arrived when the handler returned.
import { close } from "@metrics/core";
import { startIntake } from "./local-intake.mjs";

const intake = await startIntake(); // stands in for the Datadog API
process.env.METRICS_BACKEND = "datadog";
process.env.METRICS_PREFIX = "checkout";
process.env.METRICS_OPTIONS = JSON.stringify({ apiKey: intake.apiKey, baseUrl: intake.url });

const { handler } = await import("./handler.mjs");
const events = [
  { country: "fr", items: ["tea"] },
  { country: "de", items: ["tea", "cups"] },
  { country: "fr", items: ["tea", "cups", "pot"] },
];
for (const [index, event] of events.entries()) {
  const { statusCode } = await handler(event);
  console.log(
    `invocation ${index + 1} returned ${statusCode}; the intake had ${intake.points.length} points`,
  );
}

await close(); // the platform shuts the instance down
await intake.stop();
