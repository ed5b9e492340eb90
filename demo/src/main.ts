/**
 * `npm run demo [-- --backend=NAME] [--duration=seconds] [--json]` (names: `--help`)
 *
 * Starts a receiving peer (a real Etsy StatsD daemon, a loopback Datadog intake, a scrape of the
 * Prometheus backend's endpoint, an OTLP/HTTP receiver, a Sentry envelope endpoint, or the log),
 * configures @metrics/core with the chosen transport, starts @metrics/runtime's runtime and HTTP
 * metrics and the instrumented service, sends it traffic, shows live what the peer received
 * (runtime rows under the table), then closes everything and says whether every
 * request, latency and user arrived (`--json`: also the summary as JSON). Exits 1 if something
 * is missing, 2 on a mistake on the command line.
 */
import { close, configure, flush } from "@metrics/core";
import { instrumentHttp, startRuntimeMetrics } from "@metrics/runtime";
import { startService } from "./app/service.js";
import { createBackend } from "./backend.js";
import { readOptions, USAGE, UsageError } from "./cli/options.js";
import { startPeer } from "./peers/start-peer.js";
import { buildReport, PREFIX, summarize } from "./report.js";
import { type Sent, sendTraffic } from "./traffic.js";
import { fit, screenWidth } from "./view/fit.js";
import { LiveView } from "./view/live-view.js";

async function main(): Promise<number> {
  const started = performance.now();
  const options = readOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const { backend, durationMs } = options;
  const elapsed = () => (performance.now() - started) / 1000;
  const say = (line: string) => console.log(fit(line, screenWidth(process.stdout)));

  const peer = await startPeer(backend);
  // The application's one metrics decision: which backend, chosen at startup.
  configure({ backend: await createBackend(backend, peer.address), prefix: PREFIX });
  say(`@metrics demo: ${backend} → ${peer.description}`);
  // Zero-code metrics of the process and of every HTTP request it serves or makes.
  const runtime = startRuntimeMetrics({ intervalMs: 1000 });
  const httpTimings = instrumentHttp();
  const service = await startService();
  // Send the startup metric before the burst (for datadog this also loads its API client).
  await flush();
  say(`service at ${service.url}; sending traffic for ${durationMs / 1000} s`);
  say("");

  const view = new LiveView(`@metrics demo · ${backend}`);
  const sent: Sent = { requests: 0, byRoute: {}, users: new Set() };
  const trafficStarted = elapsed();
  const traffic = sendTraffic(service.url, durationMs, sent);
  // One poll at a time (a Prometheus server is read after its next scrape); a failed live read
  // is shown and the next tick tries again. The final read, after the traffic, must succeed.
  let polling: Promise<void> | undefined;
  const ticker = setInterval(() => {
    polling ??= peer
      .poll()
      .then(
        () => peer.activity(),
        (error: unknown) => [`reading the peer failed: ${String(error)}`],
      )
      .then((activity) => {
        view.tick(elapsed(), sent.requests, buildReport(peer.received), activity);
        polling = undefined;
      });
  }, 1000);
  try {
    await traffic;
  } finally {
    clearInterval(ticker);
    await polling;
    runtime.stop();
    httpTimings.stop();
    // Ends the last window; a pulled backend (Prometheus) is read now, before close() stops it.
    await flush();
    await peer.poll();
    await close(); // flushes the last window and waits until it has left the process
    await peer.stop();
    await service.close();
  }

  const report = buildReport(peer.received);
  const summary = summarize(backend, elapsed(), sent, report);
  const verdict = summary.match
    ? `everything the service answered arrived: ${report.requests} requests, ${report.latencies} latencies`
    : `MISMATCH: the service answered ${sent.requests} requests, ${report.requests} were counted`;
  view.final(report, Math.max(0.001, elapsed() - trafficStarted), [verdict]);
  if (options.json) console.log(JSON.stringify({ summary }));
  return summary.match ? 0 : 1;
}

// `npm run demo | head` closes the pipe early: stop quietly rather than crash on EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`demo: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
