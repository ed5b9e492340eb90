/**
 * The intake worker: runs `@datadog/datadog-api-client` on its own thread, one per process for
 * every backend. Loading the client takes 1-2 s of synchronous `require`, and its serialiser
 * walks every point with a try/catch per `oneOf` (about 0.3 s for 10,000 series, 0.7 s for a
 * million distribution values): on the application's thread both would stall its event loop.
 * Here they stall nothing, and the client's module-wide state (logger level, `DD_SITE` servers)
 * is out of reach of any copy the application uses itself.
 */
import { parentPort } from "node:worker_threads";
import { DatadogIntake } from "./datadog-intake.js";
import { toWire } from "./wire-errors.js";
import type { FromWorker, ToWorker } from "./worker-messages.js";

const port = parentPort;
if (port === null) throw new Error("intake-worker must run as a worker thread");

const intakes = new Map<number, DatadogIntake>();

async function submit(message: Extract<ToWorker, { type: "submit" }>): Promise<FromWorker> {
  try {
    const intake = intakes.get(message.backend);
    if (intake === undefined) throw new Error("intake not configured");
    const { series } = JSON.parse(message.body) as { series: never[] };
    if (message.kind === "series") await intake.submitSeries(series);
    else await intake.submitDistributions(series);
    return { type: "done", id: message.id };
  } catch (error) {
    return { type: "done", id: message.id, error: toWire(error) };
  }
}

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "configure":
      intakes.set(
        message.backend,
        new DatadogIntake({
          ...message.settings,
          onCompressed: (uncompressedBytes, compressedBytes) => {
            const note: FromWorker = {
              type: "compressed",
              backend: message.backend,
              uncompressedBytes,
              compressedBytes,
            };
            port.postMessage(note);
          },
        }),
      );
      break;
    case "submit":
      void submit(message).then((reply) => port.postMessage(reply));
      break;
    case "abort":
      intakes.get(message.backend)?.abortInFlight();
      break;
    case "forget":
      intakes.get(message.backend)?.destroy();
      intakes.delete(message.backend);
      break;
  }
});
