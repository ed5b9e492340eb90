// Import + construct (+ first flush) time and RSS of each library, each in a fresh `node`
// process (no tsx, no flags) running startup/import-and-construct.mjs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Intake } from "@metrics/test-peers/datadog";
import { median, type SuiteReport, siblingPath } from "../harness.js";
import { Findings, formatBytes, formatNumber, formatRatio } from "../report.js";

const SCRIPT = siblingPath(import.meta.url, "../startup/import-and-construct.mjs");
const RUNS = 3;
type Sample = { ms: number; rss: number };
const text = (s: Sample) => `${formatNumber(s.ms)} ms, +${formatBytes(s.rss)}`;
type Targets = (ours: Sample, peer: Sample, found: Findings) => void;
/** Pairs: ours, then the peer it replaces, and the targets ours must meet. */
const PAIRS: Array<[string, string, Targets?]> = [
  ["@metrics/core", "@opentelemetry/api"],
  ["@metrics/dogstatsd", "hot-shots"],
  [
    "@metrics/datadog",
    "datadog-metrics",
    (o, p, found) => {
      const measured = `${formatNumber(o.ms)} vs ${formatNumber(p.ms)} ms (${formatRatio(p.ms / o.ms)} faster)`;
      const target = "`@metrics/datadog` import + construct ≤ 1/10 of datadog-metrics' time";
      found.check(o.ms <= p.ms / 10, target, measured);
    },
  ],
  [
    "@metrics/datadog + first flush",
    "datadog-metrics + first flush",
    (o, p, found) => {
      const target =
        "`@metrics/datadog` import + construct + first flush ≤ +20 MB RSS and ≤ 150 ms";
      found.check(o.rss <= 20 * 2 ** 20 && o.ms <= 150, target, text(o));
      const rss = `+${formatBytes(o.rss)} vs +${formatBytes(p.rss)}`;
      const same = "… and ≤ 1/5 of datadog-metrics' RSS growth for the same work";
      found.check(o.rss <= p.rss / 5, same, rss);
    },
  ],
];

/** One fresh process: its sample, or why not. */
async function sample(library: string, intake: string): Promise<Sample | { error: string }> {
  const run = promisify(execFile)(process.execPath, [SCRIPT, library, intake], { timeout: 60_000 });
  const output = await run.then(({ stdout }) => stdout.trim().split("\n").pop()!, String);
  try {
    return JSON.parse(output);
  } catch {
    return { error: output.split("\n")[0]! };
  }
}

export async function run(): Promise<SuiteReport> {
  // The first-flush rows send to this intake, outside the measured process.
  const options = { apiKey: "bench-not-a-key", record: false, strictEncoding: false };
  const intake = await Intake.start(options);
  const libraries = ["(empty module)", ...PAIRS.flatMap((pair) => pair.slice(0, 2) as string[])];
  const samples = new Map<string, Sample[]>(libraries.map((library) => [library, []]));
  const failures = new Map<string, string>();
  // Interleaved; round 0 warms the OS file cache and is not counted.
  for (let round = 0; round <= RUNS; round++) {
    for (const [library, list] of samples) {
      const result = await sample(library, intake.url);
      if ("error" in result) failures.set(library, result.error);
      else if (round > 0) list.push(result);
    }
  }
  await intake.close();
  const found = new Findings();
  const stats = new Map<string, Sample>();
  for (const [library, list] of samples) {
    const stat = { ms: median(list.map((s) => s.ms)), rss: median(list.map((s) => s.rss)) };
    if (list.length > 0) stats.set(library, stat);
    const cells = [formatNumber(stat.ms), formatBytes(stat.rss)];
    found.rows.push([
      library,
      ...(list.length ? cells : [`not measured: ${failures.get(library)}`]),
    ]);
  }
  for (const [ours, peer, targets] of PAIRS) {
    const [o, p] = [stats.get(ours), stats.get(peer)];
    if (!o || !p) {
      found.lines.push(`- **NOT MEASURED** ${ours} vs ${peer}`);
    } else {
      found.summary.push(`${ours} startup: ${text(o)} RSS (${peer}: ${text(p)})`);
      targets?.(o, p, found);
    }
  }
  return found.report(
    "Startup: import + construct (+ first flush), fresh process per run",
    "library: import + construct a client | ms (median) | RSS growth",
    `Each run is a fresh \`node\` (no flags, no tsx) timing a dynamic \`import()\` and the construction of the client (ours also \`configure\` the facade). *+ first flush*: also 1,000 counters and 1,000 distribution values and one awaited flush to a loopback intake in the benchmark's process (datadog-metrics' HTTPS requests rerouted to it, as it has no base-URL option). Median of ${RUNS} interleaved runs after a warm-up round; RSS growth from the start of the script.`,
  );
}
