// Entry point of a child process: how long does one flush of 10,000 contexts block the event
// loop? The intake runs in the parent process, so its decoding does not count here. Reports
// the longest event-loop delay seen while each flush ran (`monitorEventLoopDelay`).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { DatadogBackend } from "@metrics/datadog";

const CONTEXTS = 10_000;
const WINDOWS = 6;
const url = process.argv[2] as string;
let errors = 0;
const backend = new DatadogBackend({
  apiKey: "bench-not-a-key",
  baseUrl: url,
  flushIntervalMs: 3_600_000,
  onError: () => {
    errors++;
  },
});
const blockedMs: number[] = [];
for (let window = 0; window < WINDOWS; window++) {
  for (let i = 0; i < CONTEXTS; i++) {
    backend.incr(`bench.block.${i % 100}`, 1, { shard: String(i), env: "bench" }, 1, undefined);
  }
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  await backend.flush();
  delay.disable();
  blockedMs.push(delay.max / 1e6);
}
await backend.close();
process.send?.({ blockedMs, errors });
