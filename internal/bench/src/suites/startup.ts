// Import + construct (+ first flush) time and RSS of each library, each in a fresh `node`
// process (no tsx, no flags) running startup/import-and-construct.mjs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Intake } from "@metrics/test-peers/datadog";
import { median, type SuiteReport, siblingPath } from "../harness.js";
import { formatBytes, formatNumber, formatRatio, renderTable, verdict } from "../report.js";

const SCRIPT = siblingPath(import.meta.url, "../startup/import-and-construct.mjs");
const RUNS = 3;
/** Pairs: ours, then the peer it replaces. */
const LIBRARIES = [
  "(empty module)",
  "@metrics/core",
  "@opentelemetry/api",
  "@metrics/dogstatsd",
  "hot-shots",
  "@metrics/datadog",
  "datadog-metrics",
  "@metrics/datadog + first flush",
  "datadog-metrics + first flush",
];
type Sample = { ms: number; rssDelta: number };

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
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [SCRIPT, library, intake.url],
          { timeout: 60_000 },
        );
        const result = JSON.parse(stdout.trim().split("\n").pop()!) as Sample | { error: string };
        if ("error" in result) failures.set(library, result.error);
        else if (round > 0) samples.get(library)!.push(result);
      } catch (error) {
        failures.set(library, String(error).split("\n")[0]!);
      }
    }
  }
  await intake.close();
  const stat = (library: string) => {
    const list = samples.get(library)!;
    return list.length
      ? { ms: median(list.map((s) => s.ms)), rss: median(list.map((s) => s.rssDelta)) }
      : undefined;
  };
  const rows = LIBRARIES.map((library) => {
    const s = stat(library);
    return s
      ? [library, formatNumber(s.ms), formatBytes(s.rss)]
      : [library, `not measured: ${failures.get(library)}`];
  });
  const lines: string[] = [];
  const summary: string[] = [];
  const pair = (
    ours: string,
    peer: string,
    check?: (o: { ms: number; rss: number }, p: { ms: number; rss: number }) => string,
  ) => {
    const o = stat(ours);
    const p = stat(peer);
    if (!o || !p) return lines.push(`- **NOT MEASURED** ${ours} vs ${peer}`);
    summary.push(
      `${ours} startup: ${formatNumber(o.ms)} ms, +${formatBytes(o.rss)} RSS (${peer}: ${formatNumber(p.ms)} ms, +${formatBytes(p.rss)})`,
    );
    if (check) lines.push(check(o, p));
  };
  pair("@metrics/core", "@opentelemetry/api");
  pair("@metrics/dogstatsd", "hot-shots");
  pair("@metrics/datadog", "datadog-metrics", (o, p) =>
    verdict(
      o.ms <= p.ms / 10,
      "`@metrics/datadog` import + construct ≤ 1/10 of datadog-metrics' time",
      `${formatNumber(o.ms)} vs ${formatNumber(p.ms)} ms (${formatRatio(p.ms / o.ms)} faster)`,
    ),
  );
  pair("@metrics/datadog + first flush", "datadog-metrics + first flush", (o, p) =>
    [
      verdict(
        o.rss <= 20 * 2 ** 20 && o.ms <= 150,
        "`@metrics/datadog` import + construct + first flush ≤ +20 MB RSS and ≤ 150 ms",
        `+${formatBytes(o.rss)}, ${formatNumber(o.ms)} ms`,
      ),
      verdict(
        o.rss <= p.rss / 5,
        "… and ≤ 1/5 of datadog-metrics' RSS growth for the same work",
        `+${formatBytes(o.rss)} vs +${formatBytes(p.rss)}`,
      ),
    ].join("\n"),
  );
  const markdown = [
    renderTable(["library: import + construct a client", "ms (median)", "RSS growth"], rows),
    "",
    ...lines,
    "",
    `Each run is a fresh \`node\` (no flags, no tsx) timing a dynamic \`import()\` and the construction of the client (ours also \`configure\` the facade). *+ first flush*: also 1,000 counters and 1,000 distribution values and one awaited flush to a loopback intake in the benchmark's process (datadog-metrics' HTTPS requests rerouted to it, as it has no base-URL option). Median of ${RUNS} interleaved runs after a warm-up round; RSS growth from the start of the script.`,
  ].join("\n");
  return {
    title: "Startup: import + construct (+ first flush), fresh process per run",
    markdown,
    summary,
  };
}
