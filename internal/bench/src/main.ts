// `npm run bench` runs every suite and rewrites RESULTS.md (its history kept, one line added);
// `npm run bench -- core wire` runs those only and prints them. Each suite runs in a fresh
// process (this file, started with `--suite <name>`): the type feedback V8 gathers in one suite
// (the core suite calls the facade with several backends) would otherwise slow down the next.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { runInChild, type SuiteReport, siblingPath } from "./harness.js";

const SUITES: Record<string, () => Promise<{ run(): Promise<SuiteReport> }>> = {
  core: () => import("./suites/core.js"),
  statsd: async () => (await import("./suites/wire.js")).statsd,
  dogstatsd: async () => (await import("./suites/wire.js")).dogstatsd,
  datadog: () => import("./suites/datadog.js"),
  destinations: () => import("./suites/destinations.js"),
  sentry: () => import("./suites/sentry.js"),
  runtime: () => import("./suites/runtime.js"),
  startup: () => import("./suites/startup.js"),
};
const RESULTS = siblingPath(import.meta.url, "../RESULTS.md");
const HISTORY = "\n## History\n";

if (process.argv[2] === "--suite") {
  const name = process.argv[3]!;
  try {
    process.send?.(await (await SUITES[name]!()).run());
  } catch (error) {
    // A package that does not load or a suite that fails: reported, and the run goes on.
    const reason = String(error).split("\n")[0];
    process.send?.({ title: name, markdown: `- **NOT MEASURED**: ${reason}`, summary: [] });
  }
} else {
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const unknown = names.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    console.error(`unknown suite ${unknown.join(", ")}; suites: ${Object.keys(SUITES).join(", ")}`);
    process.exit(2);
  }
  const selected = names.length > 0 ? names : Object.keys(SUITES);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(", ");
  const started = performance.now();
  const loadBefore = load();
  const reports: SuiteReport[] = [];
  for (const name of selected) {
    const loadAtStart = load();
    console.error(`running ${name} (load ${loadAtStart})...`);
    const report = await runInChild<SuiteReport>(siblingPath(import.meta.url, "./main.ts"), [
      "--suite",
      name,
    ]).catch((error) => ({ title: name, markdown: `- **NOT MEASURED**: ${error}`, summary: [] }));
    report.markdown = `*Load average (1, 5, 15 min) at the start: ${loadAtStart}.*\n\n${report.markdown}`;
    console.log(`## ${report.title}\n\n${report.markdown}\n`);
    reports.push(report);
  }
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
  const summary = reports.flatMap((report) => report.summary);
  const environment = [
    `- ${date} UTC, commit ${commit}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `- Node ${process.version} (V8 ${process.versions.v8}), ${cpus()[0]?.model.trim()}, ${cpus().length} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}`,
  ].join("\n");
  console.log(`## Summary\n\n${environment}\n\n${summary.map((line) => `- ${line}`).join("\n")}`);
  if (names.length === 0 || process.argv.includes("--write")) {
    let previous = "";
    try {
      const text = readFileSync(RESULTS, "utf8");
      const at = text.indexOf(HISTORY);
      if (at >= 0) previous = text.slice(at + HISTORY.length).trim();
    } catch {}
    const entry = `- ${date} UTC, ${commit}, load ${loadBefore}: ${summary.join("; ")}`;
    writeFileSync(
      RESULTS,
      [
        "# Benchmark results",
        "",
        "<!-- Written by `npm run bench` (internal/bench): the latest run, then one line per run. -->",
        "",
        environment,
        "",
        "## Summary",
        "",
        ...summary.map((line) => `- ${line}`),
        "",
        ...reports.map((report) => `## ${report.title}\n\n${report.markdown}\n`),
        `## History\n\n${entry}\n${previous}\n`,
      ].join("\n"),
    );
    console.error(`wrote ${RESULTS}`);
  }
}
