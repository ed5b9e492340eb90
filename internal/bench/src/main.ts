// `npm run bench` runs every suite and rewrites RESULTS.md (its history kept, one line added);
// `npm run bench -- core statsd` runs those only and prints them (`--write` rewrites too). Each
// suite runs in a fresh process (this file with `--suite <name>`): the type feedback V8 gathers
// in one suite would otherwise slow down the next, where an application has one backend.
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
const notMeasured = (title: string, error: unknown): SuiteReport => {
  return { title, markdown: `- **NOT MEASURED**: ${String(error).split("\n")[0]}`, summary: [] };
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

if (process.argv[2] === "--suite") {
  const name = process.argv[3]!;
  // A package that does not load or a suite that fails: reported, and the run goes on.
  const run = SUITES[name]!().then((suite) => suite.run());
  process.send?.(await run.catch((error) => notMeasured(name, error)));
} else {
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const unknown = names.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    console.error(`unknown suite ${unknown.join(", ")}; suites: ${Object.keys(SUITES).join(", ")}`);
    process.exit(2);
  }
  const started = performance.now();
  const loadBefore = load();
  const sections: string[] = [];
  const summary: string[] = [];
  for (const name of names.length > 0 ? names : Object.keys(SUITES)) {
    const loadAtStart = load();
    console.error(`running ${name} (load ${loadAtStart})...`);
    const main = siblingPath(import.meta.url, "./main.ts");
    const report = await runInChild<SuiteReport>(main, ["--suite", name]).catch((error) =>
      notMeasured(name, error),
    );
    const section = `## ${report.title}\n\n*Load average (1, 5, 15 min) at the start: ${loadAtStart}.*\n\n${report.markdown}`;
    console.log(`${section}\n`);
    sections.push(section);
    summary.push(...report.summary);
  }
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
  const environment = [
    `- ${date} UTC, commit ${commit}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `- Node ${process.version} (V8 ${process.versions.v8}), ${cpus()[0]?.model.trim()}, ${cpus().length} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}`,
  ].join("\n");
  const summarySection = `## Summary\n\n${summary.map((line) => `- ${line}`).join("\n")}`;
  console.log(`${environment}\n\n${summarySection}`);
  if (names.length === 0 || process.argv.includes("--write")) {
    const previous = readFileSync(RESULTS, "utf8").split("\n## History\n")[1]?.trim() ?? "";
    const entry = `- ${date} UTC, ${commit}, load ${loadBefore}: ${summary.join("; ")}`;
    const header =
      "# Benchmark results\n\n<!-- Written by `npm run bench` (internal/bench): the latest run, then one line per run. -->";
    const history = `## History\n\n${entry}\n${previous}`;
    const parts = [header, environment, summarySection, ...sections, history];
    writeFileSync(RESULTS, `${parts.join("\n\n")}\n`);
    console.error(`wrote ${RESULTS}`);
  }
}
