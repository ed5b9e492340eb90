import { configure, distribution, flush, incr } from "@metrics/core";
import { DatadogBackend } from "@metrics/datadog";
import { KEYS, median, msOf, siblingPath, startPeer, TAGS } from "./harness.js";

const intake = await startPeer<string>(siblingPath(import.meta.url, "./suites/datadog.ts"), [
  "intake",
]);
configure({
  backend: new DatadogBackend({
    apiKey: "bench-not-a-key",
    baseUrl: intake.address,
    flushIntervalMs: 3_600_000,
  }),
});
const N = 100_000;
const loops = {
  counter: () => {
    for (let i = 0; i < N; i++) incr(KEYS[i % 100]!, { tags: TAGS[i % 100] });
  },
  distribution: () => {
    for (let i = 0; i < N; i++) distribution(KEYS[i % 100]!, msOf(i), { tags: TAGS[i % 100] });
  },
};
const res: Record<string, number[]> = { counter: [], distribution: [] };
for (let round = 0; round < 30; round++)
  for (const [name, loop] of Object.entries(loops)) {
    const t = performance.now();
    loop();
    const ms = performance.now() - t;
    res[name]!.push((ms * 1e6) / N);
    await flush();
  }
for (const [k, v] of Object.entries(res))
  console.log(k, "median ns/call (calls only, flush untimed):", median(v.slice(5)).toFixed(1));
intake.stop();
