// `@metrics/datadog` through the facade against datadog-metrics' BufferedMetricsLogger, both
// buffering 1,000,000 calls; then ours flushes to the validating loopback intake of
// `@metrics/test-peers`, in a process of its own (distribution values go out every 1,000 per
// context while calling, and decoding them is the server's work, not the client's), and every
// count and value must arrive. A child process measures how long a flush of 10,000 contexts
// blocks the event loop.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { close, configure, distribution, incr } from "@metrics/core";
import { DatadogBackend } from "@metrics/datadog";
import { Intake, type IntakeTotals } from "@metrics/test-peers/datadog";
import {
  type CallRange,
  collectGarbage,
  KEYS,
  msOf,
  PeerProcess,
  runInChild,
  type SuiteReport,
  servePeer,
  siblingPath,
  TAGS,
  timeCalls,
} from "../harness.js";
import { Findings, formatNumber, formatRatio, renderTable, verdict } from "../report.js";

const CALLS = 1_000_000;
const ROUNDS = 3;
const API_KEY = "bench-not-a-key";
const TAG_LISTS = TAGS.map((tags) => Object.entries(tags).map(([k, v]) => `${k}:${v}`));
type Kind = "counter" | "distribution";

/** Calls/s while buffering and what reached the intake (or datadog-metrics' reporter). */
async function measure(callRange: CallRange, finish: () => Promise<number>) {
  collectGarbage();
  const ms = await timeCalls(callRange, CALLS);
  return { callsPerSec: (CALLS / ms) * 1000, delivered: await finish() };
}

/** datadog-metrics, no timer, a reporter that totals the series it is handed (no network). */
async function theirs(kind: Kind) {
  const { default: datadogMetrics } = await import("datadog-metrics");
  let delivered = 0;
  const logger = new datadogMetrics.BufferedMetricsLogger({
    flushIntervalSeconds: 0,
    reporter: {
      async report(series: Array<{ type: string; points: Array<[number, number | number[]]> }>) {
        for (const { type, points } of series) {
          for (const [, value] of points)
            delivered += type === "count" ? (value as number) : (value as number[]).length;
        }
      },
    },
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
  return measure(callRange, async () => {
    await logger.flush();
    return delivered;
  });
}

/** Ours through the facade, windows of an hour (values go out early, every 1,000), then closed. */
async function ours(intake: IntakeProcess, kind: Kind) {
  await intake.ask("reset");
  configure({
    backend: new DatadogBackend({
      apiKey: API_KEY,
      baseUrl: intake.address,
      flushIntervalMs: 3_600_000,
      onError: () => {},
    }),
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) incr(KEYS[i % 100]!, { tags: TAGS[i % 100] });
        }
      : (from, to) => {
          for (let i = from; i < to; i++)
            distribution(KEYS[i % 100]!, msOf(i), {
              tags: TAGS[i % 100],
            });
        };
  return measure(callRange, async () => {
    await close();
    const totals = await intake.ask<IntakeTotals>("totals");
    return kind === "counter" ? totals.counterTotal : totals.distributionValues;
  });
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
if (process.argv[2] === "block-probe") await blockProbe(process.argv[3]!);

type IntakeProcess = PeerProcess<string>;
if (process.argv[2] === "intake") {
  const intake = await Intake.start({ apiKey: API_KEY, record: false });
  servePeer(intake.url, {
    reset: () => intake.reset(),
    totals: () => intake.totals,
    stop: () => intake.close(),
  });
}

export async function run(): Promise<SuiteReport> {
  const intake = await PeerProcess.start<string>(
    siblingPath(import.meta.url, "./datadog.ts"),
    "intake",
  );
  const found = new Findings();
  for (const kind of ["counter", "distribution"] as const) {
    const mine: Array<{ callsPerSec: number; delivered: number }> = [];
    const peer: typeof mine = [];
    for (let round = 0; round < ROUNDS; round++) {
      mine.push(await ours(intake, kind));
      peer.push(await theirs(kind));
    }
    const best = (list: typeof mine) => Math.max(...list.map((m) => m.callsPerSec));
    const worst = Math.min(...mine.map((m) => m.delivered));
    const ratio = best(mine) / best(peer);
    const label = kind === "counter" ? "counters" : "distributions";
    found.rows.push([
      label,
      `${formatNumber(1e9 / best(mine), 0)} ns, ${worst.toLocaleString("en-US")} delivered (worst)`,
      `${formatNumber(1e9 / best(peer), 0)} ns, ${Math.min(...peer.map((m) => m.delivered)).toLocaleString("en-US")} reported`,
      formatRatio(ratio),
    ]);
    const summary = `Datadog HTTP ${label}: **${formatRatio(ratio)}** datadog-metrics per call`;
    found.check(ratio >= 5, `${label}: ≥ 5× datadog-metrics' calls/s`, formatRatio(ratio), summary);
    const what = `${label}: every ${kind === "counter" ? "count" : "value"} reached the intake, every round`;
    found.check(
      worst === CALLS,
      what,
      `${worst.toLocaleString("en-US")} / ${CALLS.toLocaleString("en-US")}`,
    );
  }
  const blockedMs = await runInChild<number[]>(
    siblingPath(import.meta.url, "./datadog.ts"),
    ["block-probe", intake.address],
    { gc: false },
  );
  const blockedCounts = (await intake.ask<IntakeTotals>("totals")).counterTotal;
  await intake.stop();
  const steady = blockedMs.slice(1);
  const markdown = [
    renderTable(
      [
        "1,000,000 calls, 100 contexts, 2 tags",
        "@metrics/datadog",
        "datadog-metrics 0.12",
        "× datadog-metrics",
      ],
      found.rows,
    ),
    "",
    ...found.lines,
    verdict(
      Math.max(...steady) <= 20 && blockedCounts === 60_000,
      "a flush of 10,000 contexts blocks the event loop ≤ 20 ms (worst steady window), every count delivered",
      `${steady.map((ms) => formatNumber(ms, 1)).join(", ")} ms (first flush, loading the API client's common layer: ${formatNumber(blockedMs[0]!, 1)} ms); ${blockedCounts.toLocaleString("en-US")} / 60,000 counts`,
    ),
    "",
    `Both buffer in process: our window is an hour, datadog-metrics' auto-flush is off and its reporter only totals the series it is handed. Ours sends distribution values early, 1,000 per context at a time (how it bounds memory while keeping every value), so encoding, compressing and POSTing them is inside its calls/s; datadog-metrics holds every value until its flush. After the calls ours is closed and the validating loopback intake decodes and schema-checks every body. Defaults (every distribution value kept). Fastest of ${ROUNDS} interleaved rounds; delivery checked in every round. The intake runs in a process of its own. The event-loop row: \`monitorEventLoopDelay\` (1 ms resolution) in a child process. Import and first-flush costs are in the startup section.`,
  ].join("\n");
  return {
    title: "Datadog HTTP API: `@metrics/datadog` vs datadog-metrics",
    markdown,
    summary: found.summary,
  };
}
