import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Intake } from "@metrics/test-peers/datadog";
import { siblingPath } from "../harness/child.js";
import type { Suite, SuiteReport } from "../harness/suite.js";
import { formatBytes, formatNumber, formatRatio, renderTable, verdict } from "../report/table.js";

const run = promisify(execFile);
const SCRIPT = siblingPath(import.meta.url, "../startup/import-and-construct.mjs");
const RUNS = 3;

const LIBRARIES = [
  "(empty module)",
  "@metrics/core",
  "@opentelemetry/api",
  "@metrics/statsd",
  "@metrics/dogstatsd",
  "hot-shots",
  "@metrics/datadog",
  "datadog-metrics",
  "@metrics/datadog + first flush",
  "datadog-metrics + first flush",
];

interface Sample {
  ms: number;
  rss: number;
  rssDelta: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One fresh `node` process: import the library and construct its client. */
async function measureOnce(library: string, intakeUrl: string): Promise<Sample | string> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, library, intakeUrl], {
      timeout: 60_000,
    });
    const parsed = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as
      | Sample
      | { error: string };
    return "error" in parsed ? parsed.error : parsed;
  } catch (error) {
    return String(error).split("\n")[0] ?? "failed";
  }
}

export const startupSuite: Suite = {
  name: "startup",
  description: "import + construct time and RSS of each library, in fresh processes (median of 3)",
  async run(): Promise<SuiteReport> {
    const samples = new Map<string, Sample[]>(LIBRARIES.map((library) => [library, []]));
    const failures = new Map<string, string>();
    // The first-flush rows send to this intake, in this process (not the measured one).
    const intake = await Intake.start({
      apiKey: "bench-not-a-key",
      record: false,
      strictEncoding: false,
    });
    // Interleaved, so a slow moment of the machine touches every library alike. The first round
    // warms the OS file cache and is not counted.
    for (let round = 0; round <= RUNS; round++) {
      for (const library of LIBRARIES) {
        const sample = await measureOnce(library, intake.url);
        if (typeof sample === "string") failures.set(library, sample);
        else if (round > 0) samples.get(library)!.push(sample);
      }
    }
    const received = { ...intake.totals };
    await intake.close();
    const stats = new Map<string, { ms: number; rss: number; rssDelta: number }>();
    for (const [library, list] of samples) {
      if (list.length === 0) continue;
      stats.set(library, {
        ms: median(list.map((s) => s.ms)),
        rss: median(list.map((s) => s.rss)),
        rssDelta: median(list.map((s) => s.rssDelta)),
      });
    }
    const rows = LIBRARIES.map((library) => {
      const s = stats.get(library);
      if (!s) return [`${library}: not available (${failures.get(library) ?? "no sample"})`, "–"];
      return [library, formatNumber(s.ms, 1), formatBytes(s.rssDelta), formatBytes(s.rss)];
    });
    const ours = stats.get("@metrics/datadog");
    const theirs = stats.get("datadog-metrics");
    const checks: string[] = [];
    if (ours && theirs) {
      checks.push(
        verdict(
          ours.ms <= theirs.ms / 10,
          "`@metrics/datadog` import + construct ≤ 1/10 of `datadog-metrics`'",
          `${formatNumber(ours.ms, 1)} vs ${formatNumber(theirs.ms, 1)} ms (${formatRatio(theirs.ms / ours.ms)} faster); RSS grew ${formatBytes(ours.rssDelta)} vs ${formatBytes(theirs.rssDelta)}`,
        ),
      );
    } else {
      checks.push("- **NOT MEASURED** `@metrics/datadog` vs `datadog-metrics` import + construct");
    }
    const oursFirst = stats.get("@metrics/datadog + first flush");
    const theirsFirst = stats.get("datadog-metrics + first flush");
    if (oursFirst && theirsFirst) {
      checks.push(
        verdict(
          oursFirst.rssDelta <= 20 * 1024 * 1024 && oursFirst.ms <= 150,
          "`@metrics/datadog` import + construct + first flush (1,000 counters, 1,000 values) ≤ +20 MB RSS and ≤ 150 ms",
          `${formatBytes(oursFirst.rssDelta)}, ${formatNumber(oursFirst.ms, 1)} ms`,
        ),
        verdict(
          oursFirst.rssDelta <= theirsFirst.rssDelta / 5,
          "… and ≤ 1/5 of `datadog-metrics`' RSS growth for the same work",
          `${formatBytes(oursFirst.rssDelta)} vs ${formatBytes(theirsFirst.rssDelta)} (${formatRatio(theirsFirst.rssDelta / oursFirst.rssDelta)} less); ${formatNumber(oursFirst.ms, 1)} vs ${formatNumber(theirsFirst.ms, 1)} ms`,
        ),
      );
    } else {
      checks.push("- **NOT MEASURED** first flush of `@metrics/datadog` vs `datadog-metrics`");
    }
    const failed = [...failures].filter(([library]) => stats.has(library));
    return {
      title: "Startup: import + construct, fresh process per run",
      markdown: [
        renderTable({
          headers: [
            "library (import + construct a client)",
            "ms (median)",
            "RSS growth",
            "RSS after",
          ],
          rows,
        }),
        "",
        ...checks,
        "",
        `Each run is a fresh \`node\` process (no flags, no tsx) timing a dynamic \`import()\` of the package and the construction of its client ` +
          `(our transports also \`configure\` the facade; \`datadog-metrics\` builds a \`BufferedMetricsLogger\` with its default reporter; ` +
          `\`@metrics/datadog\` defers loading \`@datadog/datadog-api-client\`'s common layer to the first flush). ` +
          `The *+ first flush* rows also emit 1,000 counters (100 names × 10 shards) and 1,000 distribution values and await one flush to a ` +
          `loopback intake run by the benchmark process (datadog-metrics' HTTPS requests rerouted to it, since it has no base-URL option); ` +
          `the intake accepted ${formatNumber(received.requests, 0)} requests in all runs. ` +
          `Median of ${RUNS} runs after one warm-up round. RSS growth is measured from the start of the script.`,
        ...(failed.length
          ? ["", ...failed.map(([library, reason]) => `Some runs of ${library} failed: ${reason}`)]
          : []),
      ].join("\n"),
    };
  },
};
