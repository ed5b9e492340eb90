// Import + construct (+ first flush) time and RSS of each library, each in a fresh `node`
// process (no tsx, no flags) running startup/import-and-construct.mjs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Intake } from "@metrics/test-peers/datadog";
import { median, type SuiteReport, siblingPath } from "../harness.js";
import { Findings, formatBytes, formatNumber, formatRatio } from "../report.js";

const SCRIPT = siblingPath(import.meta.url, "../startup/import-and-construct.mjs");
const RUNS = 3;
/** Pairs: ours, then the peer it replaces. */
const PAIRS = [
  ["@metrics/core", "@opentelemetry/api"],
  ["@metrics/dogstatsd", "hot-shots"],
  ["@metrics/datadog", "datadog-metrics"],
  ["@metrics/datadog + first flush", "datadog-metrics + first flush"],
] as const;
const LIBRARIES = ["(empty module)", ...PAIRS.flat()];
type Sample = { ms: number; rss: number };

export async function run(): Promise<SuiteReport> {
  // The first-flush rows send to this intake, outside the measured process.
  const intake = await Intake.start({
    apiKey: "bench-not-a-key",
    record: false,
    strictEncoding: false,
  });
  const samples = new Map<string, Sample[]>(LIBRARIES.map((library) => [library, []]));
  const failures = new Map<string, string>();
  // Interleaved; round 0 warms the OS file cache and is not counted.
  for (let round = 0; round <= RUNS; round++) {
    for (const library of LIBRARIES) {
      const output = await promisify(execFile)(process.execPath, [SCRIPT, library, intake.url], {
        timeout: 60_000,
      }).then(({ stdout }) => stdout.trim().split("\n").pop()!, String);
      try {
        const result = JSON.parse(output) as Sample | { error: string };
        if ("error" in result) failures.set(library, result.error);
        else if (round > 0) samples.get(library)!.push(result);
      } catch {
        failures.set(library, output.split("\n")[0]!);
      }
    }
  }
  await intake.close();
  const stats = new Map<string, Sample>();
  const found = new Findings();
  for (const [library, list] of samples) {
    const stat = { ms: median(list.map((s) => s.ms)), rss: median(list.map((s) => s.rss)) };
    if (list.length > 0) stats.set(library, stat);
    const cells = list.length > 0 ? [formatNumber(stat.ms), formatBytes(stat.rss)] : [];
    found.rows.push([
      library,
      ...(cells.length ? cells : [`not measured: ${failures.get(library)}`]),
    ]);
  }
  for (const [ours, peer] of PAIRS) {
    const [o, p] = [stats.get(ours), stats.get(peer)];
    if (!o || !p) {
      found.lines.push(`- **NOT MEASURED** ${ours} vs ${peer}`);
      continue;
    }
    const text = (s: Sample) => `${formatNumber(s.ms)} ms, +${formatBytes(s.rss)}`;
    found.summary.push(`${ours} startup: ${text(o)} RSS (${peer}: ${text(p)})`);
    if (ours === "@metrics/datadog") {
      const measured = `${formatNumber(o.ms)} vs ${formatNumber(p.ms)} ms (${formatRatio(p.ms / o.ms)} faster)`;
      found.check(
        o.ms <= p.ms / 10,
        "`@metrics/datadog` import + construct ≤ 1/10 of datadog-metrics' time",
        measured,
      );
    } else if (ours === "@metrics/datadog + first flush") {
      const target =
        "`@metrics/datadog` import + construct + first flush ≤ +20 MB RSS and ≤ 150 ms";
      found.check(o.rss <= 20 * 2 ** 20 && o.ms <= 150, target, text(o));
      const rss = `+${formatBytes(o.rss)} vs +${formatBytes(p.rss)}`;
      found.check(
        o.rss <= p.rss / 5,
        "… and ≤ 1/5 of datadog-metrics' RSS growth for the same work",
        rss,
      );
    }
  }
  return found.report(
    "Startup: import + construct (+ first flush), fresh process per run",
    "library: import + construct a client | ms (median) | RSS growth",
    `Each run is a fresh \`node\` (no flags, no tsx) timing a dynamic \`import()\` and the construction of the client (ours also \`configure\` the facade). *+ first flush*: also 1,000 counters and 1,000 distribution values and one awaited flush to a loopback intake in the benchmark's process (datadog-metrics' HTTPS requests rerouted to it, as it has no base-URL option). Median of ${RUNS} interleaved runs after a warm-up round; RSS growth from the start of the script.`,
  );
}
