// `@metrics/datadog` through the facade against datadog-metrics, end to end: each side, in a
// fresh process of its own, makes 1,000,000 calls with a flush every 100,000 (as its timer
// would in a busy service) and is timed until the loopback intake of `@metrics/test-peers` (a
// peer process) has answered its last body; then the intake decodes and validates every body and
// must hold every count and value. A child process measures how long a flush of 10,000 contexts blocks the loop.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { close, configure, flush, type MetricsError } from "@metrics/core";
import { DatadogBackend } from "@metrics/datadog";
import type { IntakeTotals } from "@metrics/test-peers/datadog";
import {
  type CallRange,
  collectGarbage,
  FACADE_CALLS,
  KEYS,
  msOf,
  type Peer,
  type Run,
  runInChild,
  type SuiteReport,
  servePeer,
  siblingPath,
  sideBySide,
  startPeer,
  TAGS,
  timeCalls,
} from "../harness.js";
import { Findings, formatCount, formatNumber } from "../report.js";
import { rerouteHttpsTo } from "../startup/reroute-https.mjs";

/** What the intake accepted, and how many bodies it refused. */
type Totals = IntakeTotals & { violations: number };
const CALLS = 1_000_000;
/** Calls made and delivered before the timed ones, so both sides run JIT-compiled code. */
const WARM_UP_CALLS = 200_000;
const FLUSH_EVERY = 100_000;
const API_KEY = "bench-not-a-key";
const TAG_LISTS = TAGS.map((tags) => Object.entries(tags).map(([k, v]) => `${k}:${v}`));
type Kind = "counter" | "distribution";
type Side = "ours" | "datadog-metrics";

/** One side's calls, its flush (resolves once delivered), and the points it reported lost. */
interface Client {
  callRange: CallRange;
  flush(): Promise<unknown>;
  /** Resolves once every report of loss has been made (untimed). */
  reportedLost(): Promise<number>;
}

/** Ours through the facade: an hour's window, so only the bench's flushes send the window. */
function ourClient(kind: Kind, intakeUrl: string, maxSamplesPerContext?: number): Client {
  let lost = 0;
  const onError = (error: MetricsError) => {
    lost += error.dropped ?? 0;
  };
  const options = { apiKey: API_KEY, baseUrl: intakeUrl, flushIntervalMs: 3_600_000 };
  configure({ backend: new DatadogBackend({ ...options, maxSamplesPerContext, onError }) });
  // Closing delivers the loss reports still held back by `errorIntervalMs`.
  return { callRange: FACADE_CALLS[kind], flush, reportedLost: () => close().then(() => lost) };
}

/** datadog-metrics' BufferedMetricsLogger, its timer off, its real reporter sending to the intake. */
async function theirClient(kind: Kind, intakeUrl: string): Promise<Client> {
  rerouteHttpsTo(intakeUrl);
  const { default: datadogMetrics } = await import("datadog-metrics");
  const logger = new datadogMetrics.BufferedMetricsLogger({
    apiKey: API_KEY,
    flushIntervalSeconds: 0,
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) logger.increment(KEYS[i % 100]!, 1, TAG_LISTS[i % 100]);
        }
      : (from, to) => {
          for (let i = from; i < to; i++)
            logger.distribution(KEYS[i % 100]!, msOf(i), TAG_LISTS[i % 100]);
        };
  return { callRange, flush: () => logger.flush(), reportedLost: async () => 0 };
}

/** `calls` calls, a flush (not awaited) after every `FLUSH_EVERY`; ms until the last is delivered. */
async function deliver(client: Client, calls: number): Promise<number> {
  const start = performance.now();
  const flushes: Promise<unknown>[] = [];
  for (let done = 0; done < calls; done += FLUSH_EVERY) {
    await timeCalls(client.callRange, FLUSH_EVERY);
    flushes.push(client.flush());
  }
  await Promise.all(flushes);
  return performance.now() - start;
}

/** The child of one run: warm up, then time `CALLS` calls delivered. */
async function contender(side: Side, kind: Kind, intakeUrl: string, samples: number | undefined) {
  const client =
    side === "ours" ? ourClient(kind, intakeUrl, samples) : await theirClient(kind, intakeUrl);
  await deliver(client, WARM_UP_CALLS);
  collectGarbage();
  const ms = await deliver(client, CALLS);
  const result = { callsPerSec: (CALLS / ms) * 1000, reportedLost: await client.reportedLost() };
  process.send?.(result, () => process.exit(0));
}

/**
 * One run of `side` in a fresh process; delivered: what the intake accepted (plus, when sampled,
 * what was reported lost) beyond the warm-up. A body that fails the intake's schema makes the
 * run not intact.
 */
async function runOnce(
  intake: Peer<string>,
  side: Side,
  kind: Kind,
  samples?: number,
): Promise<Run> {
  await intake.ask("reset");
  const { callsPerSec, reportedLost } = await runInChild<{
    callsPerSec: number;
    reportedLost: number;
  }>(siblingPath(import.meta.url, "./datadog.ts"), [
    "contender",
    side,
    kind,
    intake.address,
    String(samples ?? ""),
  ]);
  const { counterTotal, distributionValues, violations } = await intake.ask<Totals>("totals");
  const arrived = kind === "counter" ? counterTotal : distributionValues;
  const delivered = arrived + reportedLost - WARM_UP_CALLS;
  return { callsPerSec, delivered, intact: violations === 0 };
}

/** The child: 6 windows of 10,000 contexts, the longest event-loop delay during each flush. */
async function blockProbe(url: string): Promise<void> {
  const backend = new DatadogBackend({ apiKey: API_KEY, baseUrl: url, flushIntervalMs: 3_600_000 });
  const blockedMs: number[] = [];
  for (let window = 0; window < 6; window++) {
    for (let i = 0; i < 10_000; i++)
      backend.incr(`bench.block.${i % 100}`, 1, { shard: String(i) }, 1, undefined);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await backend.flush();
    delay.disable();
    blockedMs.push(delay.max / 1e6);
  }
  await backend.close();
  process.send?.(blockedMs);
}
const [, , role, ...args] = process.argv;
if (role === "block-probe") await blockProbe(args[0]!);
if (role === "contender") {
  const [side, kind, url, samples] = args as [Side, Kind, string, string];
  await contender(side, kind, url, samples === "" ? undefined : Number(samples));
}
if (role === "intake") {
  // Lenient on a missing Content-Encoding only: datadog-metrics sends distribution points
  // uncompressed, which the API accepts (the datadog package's tests hold ours to strict).
  // Bodies are decoded when the totals are asked for, so on 2 cores the intake's work never
  // takes CPU from the client being timed; a body that fails is a violation, not a 400.
  const { Intake } = await import("@metrics/test-peers/datadog");
  const options = { apiKey: API_KEY, record: false, strictEncoding: false, deferDecoding: true };
  const intake = await Intake.start(options);
  process.on("disconnect", () => void intake.close().then(() => process.exit(0)));
  servePeer(intake.url, {
    reset: () => intake.reset(),
    totals: (): Totals => {
      intake.decodePending();
      return { ...intake.totals, violations: intake.violations.length };
    },
  });
}

export async function run(): Promise<SuiteReport> {
  const intake = await startPeer<string>(siblingPath(import.meta.url, "./datadog.ts"), ["intake"]);
  const found = new Findings();
  for (const [kind, samples] of [["counter"], ["distribution"], ["distribution", 100]] as const) {
    const runs = await sideBySide(
      () => runOnce(intake, "ours", kind, samples),
      () => runOnce(intake, "datadog-metrics", kind),
    );
    const sampled = samples ? `, \`maxSamplesPerContext: ${samples}\`` : "";
    found.throughput(`Datadog HTTP ${kind}s${sampled}`, runs, "datadog-metrics", 5, CALLS);
  }
  await intake.ask("reset");
  const blockedMs = await runInChild<number[]>(
    siblingPath(import.meta.url, "./datadog.ts"),
    ["block-probe", intake.address],
    { gc: false },
  );
  const blockedCounts = (await intake.ask<Totals>("totals")).counterTotal;
  intake.stop();
  const steady = blockedMs.slice(1);
  found.check(
    Math.max(...steady) <= 20 && blockedCounts === 60_000,
    "a flush of 10,000 contexts blocks the event loop ≤ 20 ms (worst steady window), every count delivered",
    `${steady.map((ms) => formatNumber(ms)).join(", ")} ms (first flush, loading the API client's common layer: ${formatNumber(blockedMs[0]!)} ms); ${formatCount(blockedCounts)} / 60,000 counts`,
  );
  return found.report(
    "Datadog HTTP API: `@metrics/datadog` vs datadog-metrics",
    "1,000,000 calls, 100 contexts, 2 tags | @metrics/datadog (fastest) | datadog-metrics 0.12 (fastest) | × datadog-metrics",
    "End to end: each side runs in a fresh process of its own (so neither pays for the other's loaded code or heap), makes 200,000 warm-up calls, then 1,000,000 timed calls in chunks of 10,000 with an event-loop turn between chunks and a flush after every 100,000 (not awaited, as a timer's would not be), and is timed until its last flush is answered. Both send to the loopback intake, a process of its own, which answers 202 at once and, after the run (so that on 2 cores its work never takes CPU from the client being timed), decompresses, parses and schema-checks every body and totals what passed (*delivered*, warm-up excluded; a body that fails makes the run not intact): ours through `baseUrl`, datadog-metrics through its real reporter and API client with HTTPS rerouted to the intake (it has no base-URL option). A window holds about 1,000 values per context, which ours encodes at the flush (more would be sent early, 1,000 per context: its memory bound). Defaults (every distribution value kept), and the README's sampled row, `maxSamplesPerContext: 100` (about 9 values in 10 left out), where *delivered* is the values that arrived plus those reported lost through `onError` (the two must add up to every call). Fastest of 3 interleaved rounds; delivery checked in every round. The event-loop row: `monitorEventLoopDelay` (1 ms resolution) in a child process. Import and first-flush costs are in the startup section.",
  );
}
