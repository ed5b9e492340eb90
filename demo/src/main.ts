/**
 * `npm run demo [-- --backend=statsd|dogstatsd|datadog|logging] [--duration=seconds]`
 *
 * Starts a receiving peer (a real Etsy StatsD daemon, a loopback Datadog intake, or the log),
 * configures @metrics/core with the chosen transport, starts the instrumented service, sends it
 * traffic, shows live what the peer received, then closes everything and prints a JSON summary.
 * Exits 1 if nothing arrived.
 */
import { parseArgs } from "node:util";
import { close, configure, flush } from "@metrics/core";
import { startService } from "./app/service.js";
import { BACKENDS, type BackendName, createBackend } from "./backend.js";
import { startPeer } from "./peers/start-peer.js";
import { buildReport, PREFIX, summarize } from "./report.js";
import { type Sent, sendTraffic } from "./traffic.js";
import { LiveView } from "./view/live-view.js";

const USAGE = `usage: npm run demo -- [--backend=${BACKENDS.join("|")}] [--duration=seconds]`;

function readOptions(): { backend: BackendName; durationMs: number } {
  const { values } = parseArgs({
    options: {
      backend: { type: "string", default: "statsd" },
      duration: { type: "string", default: "12" },
    },
  });
  const backend = BACKENDS.find((name) => name === values.backend);
  const seconds = Number(values.duration);
  if (backend === undefined || !(seconds > 0 && seconds <= 50)) {
    throw new Error(`${USAGE}\n(--duration: 0 to 50 seconds of traffic)`);
  }
  return { backend, durationMs: seconds * 1000 };
}

async function main(): Promise<number> {
  const started = performance.now();
  const { backend, durationMs } = readOptions();
  const elapsed = () => (performance.now() - started) / 1000;

  const peer = await startPeer(backend);
  console.log(`@metrics demo: ${backend} → ${peer.description}`);
  // The application's one metrics decision: which backend, chosen at startup.
  configure({ backend: createBackend(backend, peer.address), prefix: PREFIX });
  const service = await startService();
  // Send the startup metric before the burst (for datadog this also loads its API client).
  await flush();
  console.log(`service at ${service.url}; sending traffic for ${durationMs / 1000} s\n`);

  const view = new LiveView(`@metrics demo · ${backend}`);
  const sent: Sent = { requests: 0, byRoute: {}, users: new Set() };
  const traffic = sendTraffic(service.url, durationMs, sent);
  const ticker = setInterval(async () => {
    await peer.poll();
    view.tick(elapsed(), sent.requests, buildReport(peer.received), peer.activity());
  }, 1000);
  try {
    await traffic;
  } finally {
    clearInterval(ticker);
    await close(); // flushes the last window and waits until it has left the process
    await peer.stop();
    await service.close();
  }

  const report = buildReport(peer.received);
  const summary = summarize(backend, elapsed(), sent, report);
  const verdict = summary.match
    ? `everything the service answered arrived: ${report.requests} requests, ${report.latencies} latencies`
    : `MISMATCH: the service answered ${sent.requests} requests, ${report.requests} were counted`;
  view.final(report, [...peer.activity().map((line) => `  ${line}`), verdict]);
  console.log(JSON.stringify({ summary }));
  return report.requests > 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
