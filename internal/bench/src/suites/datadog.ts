import { close, configure, distribution, incr } from "@metrics/core";
import { Intake } from "@metrics/test-peers/datadog";
import { runInChild, siblingPath } from "../harness/child.js";
import { collectGarbage } from "../harness/gc.js";
import type { Suite, SuiteReport } from "../harness/suite.js";
import { type CallRange, timeCalls } from "../harness/timed-calls.js";
import { loadTransport } from "../harness/transports.js";
import { formatBytes, formatNumber, formatRatio, renderTable, verdict } from "../report/table.js";
import {
  CONTEXT_KEYS,
  CONTEXT_TAG_LISTS,
  CONTEXT_TAGS,
  CONTEXTS,
  millisecondsOf,
} from "../wire/workloads.js";

const CALLS = 1_000_000;
const ROUNDS = 3;

/** The first flush of our transport in this process, which loads the API client's common layer. */
let firstOurFlushMs: number | undefined;

type Kind = "counter" | "distribution";

interface DatadogOptions {
  apiKey: string;
  baseUrl: string;
  flushIntervalMs: number;
  maxSamplesPerContext?: number;
  onError: (error: Error) => void;
}

interface Measurement {
  callsPerSec: number;
  /** ms of the final flush (close / flush) after the calls. */
  flushMs: number;
  delivered: number;
  requests: number | null;
  bytes: number | null;
  /** Errors the client reported, and the first message. */
  errors: number;
  firstError: string;
}

interface Row {
  label: string;
  peer: boolean;
  /** Must every count / value arrive? (Not for a row that opts into sampling.) */
  exact: boolean;
  /** The fewest delivered over the rounds. */
  worstDelivered?: number;
  result: Measurement | { unavailable: string };
}

/** A client ready to be called (see `CallRange`); `finish()` flushes it all out. */
interface Client {
  callRange: CallRange;
  finish: () => Promise<Omit<Measurement, "callsPerSec" | "flushMs">>;
}

async function measure(create: () => Promise<Client>): Promise<Measurement> {
  const client = await create();
  collectGarbage();
  const callingMs = await timeCalls(client.callRange, CALLS);
  const start = performance.now();
  const outcome = await client.finish();
  return {
    callsPerSec: (CALLS / callingMs) * 1000,
    flushMs: performance.now() - start,
    ...outcome,
  };
}

/** `datadog-metrics` buffering only: a reporter that totals what it is handed, no network. */
async function datadogMetricsClient(kind: Kind): Promise<Client> {
  const { default: datadogMetrics } = await import("datadog-metrics");
  let delivered = 0;
  let errors = 0;
  let firstError = "";
  const logger = new datadogMetrics.BufferedMetricsLogger({
    flushIntervalSeconds: 0, // no timer: buffer until flush()
    onError: (error: unknown) => {
      errors++;
      firstError ||= String(error);
    },
    reporter: {
      async report(series: Array<{ type: string; points: Array<[number, number | number[]]> }>) {
        for (const item of series) {
          for (const [, value] of item.points) {
            if (item.type === "count") delivered += value as number;
            else if (item.type === "distribution") delivered += (value as number[]).length;
          }
        }
      },
    },
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) {
            const context = i % CONTEXTS;
            logger.increment(CONTEXT_KEYS[context]!, 1, CONTEXT_TAG_LISTS[context]);
          }
        }
      : (from, to) => {
          for (let i = from; i < to; i++) {
            const context = i % CONTEXTS;
            logger.distribution(
              CONTEXT_KEYS[context]!,
              millisecondsOf(i),
              CONTEXT_TAG_LISTS[context],
            );
          }
        };
  return {
    callRange,
    finish: async () => {
      await logger.flush();
      return { delivered, requests: null, bytes: null, errors, firstError };
    },
  };
}

/** Our transport through the facade, sending to the loopback intake only when closed. */
function ourClient(
  Backend: new (options: DatadogOptions) => import("@metrics/core").MetricsBackend,
  intake: Intake,
  kind: Kind,
  maxSamplesPerContext: number | undefined,
): Client {
  intake.reset();
  let errors = 0;
  let firstError = "";
  configure({
    backend: new Backend({
      apiKey: "bench-not-a-key",
      baseUrl: intake.url,
      flushIntervalMs: 3_600_000, // nothing leaves during the calls
      ...(maxSamplesPerContext ? { maxSamplesPerContext } : {}),
      onError: (error: Error) => {
        errors++;
        firstError ||= `${error.message}`;
      },
    }),
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) {
            const context = i % CONTEXTS;
            incr(CONTEXT_KEYS[context]!, { tags: CONTEXT_TAGS[context] });
          }
        }
      : (from, to) => {
          for (let i = from; i < to; i++) {
            const context = i % CONTEXTS;
            distribution(CONTEXT_KEYS[context]!, millisecondsOf(i), {
              tags: CONTEXT_TAGS[context],
            });
          }
        };
  return {
    callRange,
    finish: async () => {
      await close();
      const totals = intake.totals;
      return {
        delivered: kind === "counter" ? totals.counterTotal : totals.distributionValues,
        requests: totals.requests,
        bytes: totals.bytes,
        errors,
        firstError,
      };
    },
  };
}

function table(rows: Row[]): string {
  const peer = rows.find((row) => row.peer && !("unavailable" in row.result));
  const peerRate = peer && !("unavailable" in peer.result) ? peer.result.callsPerSec : Number.NaN;
  return renderTable({
    headers: [
      "client",
      "calls/s",
      "ns/call",
      "× datadog-metrics",
      "final flush (ms)",
      "delivered / expected",
      "HTTP requests",
      "bytes on wire",
      "errors reported",
    ],
    rows: rows.map((row) => {
      if ("unavailable" in row.result)
        return [`${row.label}: not available (${row.result.unavailable})`, "–"];
      const m = row.result;
      return [
        row.label,
        formatNumber(m.callsPerSec, 0),
        formatNumber(1e9 / m.callsPerSec, 0),
        formatRatio(m.callsPerSec / peerRate),
        formatNumber(m.flushMs, 0),
        `${formatNumber(m.delivered, 0)} / ${formatNumber(CALLS, 0)}`,
        m.requests === null ? "none (buffer only)" : formatNumber(m.requests, 0),
        m.bytes === null ? "–" : formatBytes(m.bytes),
        m.errors === 0
          ? "0"
          : `${formatNumber(m.errors, 0)} (first: ${m.firstError.slice(0, 120)})`,
      ];
    }),
  });
}

function verdicts(rows: Row[], workload: string): string[] {
  const peer = rows.find((row) => row.peer);
  if (!peer || "unavailable" in peer.result) return [];
  const peerRate = peer.result.callsPerSec;
  const lines: string[] = [];
  for (const row of rows) {
    if (row.peer) continue;
    if ("unavailable" in row.result) {
      lines.push(`- **NOT MEASURED** ${row.label}: ${row.result.unavailable}`);
      continue;
    }
    const m = row.result;
    lines.push(
      verdict(
        m.callsPerSec >= 5 * peerRate,
        `${row.label}, ${workload}: ≥ 5× datadog-metrics' calls/s`,
        `${formatRatio(m.callsPerSec / peerRate)} (${formatNumber(m.callsPerSec, 0)} vs ${formatNumber(peerRate, 0)} calls/s)`,
      ),
    );
    if (row.exact) {
      const worst = row.worstDelivered ?? m.delivered;
      lines.push(
        verdict(
          worst === CALLS,
          `${row.label}, ${workload}: every ${workload === "counters" ? "count" : "value"} reached the intake, in every round`,
          `${formatNumber(worst, 0)} / ${formatNumber(CALLS, 0)} in the worst round`,
        ),
      );
    }
  }
  return lines;
}

async function compare(kind: Kind, intake: Intake): Promise<Row[]> {
  const transport = await loadTransport<DatadogOptions>("@metrics/datadog", "DatadogBackend");
  const plans: Array<{
    label: string;
    peer: boolean;
    exact: boolean;
    create: (() => Promise<Client>) | { unavailable: string };
  }> = [];
  const variants: Array<[string, number | undefined]> = [["defaults: exact", undefined]];
  if (kind === "distribution") variants.push(["maxSamplesPerContext: 1,000", 1000]);
  // Ours first: its first flush loads @datadog/datadog-api-client's common layer, which
  // datadog-metrics would otherwise have loaded already.
  for (const [variant, maxSamplesPerContext] of variants) {
    plans.push({
      label: `@metrics/datadog (${variant})`,
      peer: false,
      exact: maxSamplesPerContext === undefined,
      create: transport.ok
        ? async () => ourClient(transport.Backend, intake, kind, maxSamplesPerContext)
        : { unavailable: transport.reason },
    });
  }
  plans.push({
    label: "datadog-metrics 0.12 (BufferedMetricsLogger)",
    peer: true,
    exact: true,
    create: () => datadogMetricsClient(kind),
  });
  const results = plans.map(() => [] as Measurement[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, plan] of plans.entries()) {
      if (typeof plan.create === "function") results[index]!.push(await measure(plan.create));
    }
  }
  const rows = plans.map((plan, index): Row => {
    if (typeof plan.create !== "function") {
      return { label: plan.label, peer: plan.peer, exact: plan.exact, result: plan.create };
    }
    const all = results[index]!;
    if (!plan.peer) firstOurFlushMs ??= all[0]?.flushMs;
    const best = all.reduce((a, b) => (b.callsPerSec > a.callsPerSec ? b : a));
    // The steady flush: the first one of the process also loads the API client (reported apart).
    const flushMs = Math.min(...all.map((m) => m.flushMs));
    return {
      label: plan.label,
      peer: plan.peer,
      exact: plan.exact,
      worstDelivered: Math.min(...all.map((m) => m.delivered)),
      result: { ...best, flushMs },
    };
  });
  // The peer is the baseline: show it first.
  return [...rows.filter((row) => row.peer), ...rows.filter((row) => !row.peer)];
}

/** The comparison itself; runs in a child process started without V8 flags (see below). */
export async function compareDatadog(): Promise<SuiteReport> {
  const intake = await Intake.start({ apiKey: "bench-not-a-key", record: false });
  try {
    const counters = await compare("counter", intake);
    const distributions = await compare("distribution", intake);
    return {
      title: "Datadog HTTP API: `@metrics/datadog` vs datadog-metrics",
      markdown: [
        `#### Counters, 2 tags, 100 contexts, ${CALLS.toLocaleString("en-US")} calls`,
        "",
        table(counters),
        "",
        ...verdicts(counters, "counters"),
        "",
        `#### Distributions, 2 tags, 100 contexts, ${CALLS.toLocaleString("en-US")} calls`,
        "",
        table(distributions),
        "",
        ...verdicts(distributions, "distributions"),
        "",
        "Both buffer in process; nothing is sent while calling (our flush window is set to an hour, datadog-metrics' " +
          "auto-flush is off and its reporter only totals what it is handed). *Final flush*: ours compresses and POSTs " +
          "to a loopback intake that decodes and totals the bodies; the table shows the fastest of the rounds, and the very first " +
          `flush of the process, which also loads the API client's common layer, took ${firstOurFlushMs === undefined ? "n/a" : formatNumber(firstOurFlushMs, 0)} ms; ` +
          "datadog-metrics hands its series to the counting reporter. By default our transport sends every distribution value " +
          "(a context is sent early every 1,000 values); with `maxSamplesPerContext` it keeps a uniform sample and reports the rest " +
          "as lost; datadog-metrics keeps every value in memory until it flushes. The intake is the validating one of " +
          "`@metrics/test-peers` (schema-checks every body). " +
          `Best of ${ROUNDS} rounds. Import and construction costs are in the Startup section.`,
      ].join("\n"),
    };
  } finally {
    await intake.close();
  }
}

interface ProbeResult {
  delivered: number;
  errors: number;
  firstError: string;
}

/**
 * Whether our transport still delivers when Node runs with a V8 flag, as many services do
 * (`--max-old-space-size`). Checked in its own process, since flags are per process.
 */
async function probeWithV8Flag(flag: string): Promise<string> {
  const transport = await loadTransport<DatadogOptions>("@metrics/datadog", "DatadogBackend");
  if (!transport.ok)
    return `- **NOT MEASURED** \`@metrics/datadog\` under \`${flag}\`: ${transport.reason}`;
  const probe = await runInChild<ProbeResult>(
    siblingPath(import.meta.url, "./datadog-flag-probe.ts"),
    [],
    [flag],
    { gc: false },
  );
  return verdict(
    probe.delivered === 100,
    `\`@metrics/datadog\` delivers when Node runs with \`${flag}\``,
    `${probe.delivered} / 100 counts reached the intake` +
      (probe.errors ? `; ${probe.errors} error(s), first: ${probe.firstError.slice(0, 160)}` : ""),
  );
}

/**
 * The longest event-loop block of one flush of 10,000 contexts, in a child process (our
 * transport only: it runs on the application's thread, without a worker).
 */
async function probeEventLoopBlock(): Promise<string> {
  const intake = await Intake.start({ apiKey: "bench-not-a-key", record: false });
  try {
    const probe = await runInChild<{ blockedMs: number[]; errors: number }>(
      siblingPath(import.meta.url, "./datadog-block-probe.ts"),
      [intake.url],
      [],
      { gc: false },
    );
    const [first, ...steady] = probe.blockedMs;
    const worst = Math.max(...steady);
    return [
      verdict(
        worst <= 20 && intake.totals.counterTotal === probe.blockedMs.length * 10_000,
        "`@metrics/datadog`: a flush of 10,000 contexts blocks the event loop ≤ 20 ms (`monitorEventLoopDelay`, worst of the steady windows), every count delivered",
        `${steady.map((ms) => formatNumber(ms, 1)).join(", ")} ms (first flush of the process, loading the common layer: ${formatNumber(first ?? Number.NaN, 1)} ms); ${formatNumber(intake.totals.counterTotal, 0)} counts arrived, ${probe.errors} errors`,
      ),
    ].join("\n");
  } finally {
    await intake.close();
  }
}

export const datadogSuite: Suite = {
  name: "datadog",
  description: "@metrics/datadog vs datadog-metrics, buffering calls (no network during the calls)",
  async run(): Promise<SuiteReport> {
    // Like most applications: a child started with nothing but tsx (no `--expose-gc`). V8 flags
    // and the event-loop block are checked apart, by the probes.
    const report = await runInChild<SuiteReport>(
      siblingPath(import.meta.url, "./datadog-child.ts"),
      [],
      [],
      { gc: false },
    );
    const probe = await probeWithV8Flag("--max-old-space-size=4096");
    const block = await probeEventLoopBlock();
    return {
      title: report.title,
      markdown: `${report.markdown}\n\n${probe}\n${block}\n\nThe comparison runs in a child process started without V8 flags, as most applications are; the event-loop probe in another, with the intake outside it.`,
    };
  },
};
