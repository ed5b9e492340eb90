// Entry point of a child process started with a V8 flag: does `@metrics/datadog` still deliver?
// Sends 100 counts to a loopback intake, closes, and reports what arrived over IPC.
import { close, configure, incr } from "@metrics/core";
import { DatadogBackend } from "@metrics/datadog";
import { Intake } from "@metrics/test-peers/datadog";

const intake = await Intake.start({ apiKey: "bench-not-a-key", record: false });
let errors = 0;
let firstError = "";
configure({
  backend: new DatadogBackend({
    apiKey: "bench-not-a-key",
    baseUrl: intake.url,
    onError: (error) => {
      errors++;
      firstError ||= error.message;
    },
  }),
});
for (let i = 0; i < 100; i++) incr("bench.probe", { tags: { i: i % 10 } });
await close();
await intake.close();
process.send?.({ delivered: intake.totals.counterTotal, errors, firstError });
