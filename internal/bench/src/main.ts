// `npm run bench` (all suites, writes RESULTS.md) or `npm run bench -- core statsd` (those only,
// printed; add `--write` to write RESULTS.md anyway).
import { writeFileSync } from "node:fs";
import { runInChild, siblingPath } from "./harness/child.js";
import type { SuiteReport } from "./harness/suite.js";
import { describeEnvironment } from "./report/environment.js";
import { SUITES } from "./suites/index.js";

const RESULTS_FILE = siblingPath(import.meta.url, "../RESULTS.md");
const SUITE_CHILD = siblingPath(import.meta.url, "./suite-child.ts");

function usage(): string {
  return [
    "usage: npm run bench [-- <suite>... [--write]]",
    "",
    ...SUITES.map((suite) => `  ${suite.name.padEnd(10)} ${suite.description}`),
    "",
    "With no suite, every suite runs and RESULTS.md is rewritten.",
  ].join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => arg !== "--");
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage());
    return;
  }
  const names = args.filter((arg) => !arg.startsWith("--"));
  const unknown = names.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`unknown suite ${unknown.join(", ")}\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  const selected =
    names.length === 0 ? SUITES : SUITES.filter((suite) => names.includes(suite.name));
  const write = names.length === 0 || args.includes("--write");

  const environment = describeEnvironment();
  console.log(`## Benchmarks\n\n${environment}\n`);
  const reports: SuiteReport[] = [];
  const started = performance.now();
  for (const suite of selected) {
    const suiteStart = performance.now();
    console.error(`running ${suite.name}...`);
    // Each suite in a fresh process (see suite-child.ts).
    const report = await runInChild<SuiteReport>(SUITE_CHILD, [suite.name], [], {
      timeoutMs: 600_000,
    });
    reports.push(report);
    console.log(`### ${report.title}\n\n${report.markdown}\n`);
    console.error(`${suite.name} took ${((performance.now() - suiteStart) / 1000).toFixed(1)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.error(`all done in ${seconds.toFixed(1)} s`);

  if (write) {
    const body = reports.map((report) => `### ${report.title}\n\n${report.markdown}\n`).join("\n");
    writeFileSync(
      RESULTS_FILE,
      `## Benchmarks\n\n<!-- Written by \`npm run bench\` (internal/bench); do not edit by hand. -->\n\n${environment}\n- Suites: ${selected.map((suite) => suite.name).join(", ")}; run took ${seconds.toFixed(0)} s\n\n${body}`,
    );
    console.error(`wrote ${RESULTS_FILE}`);
  }
}

await main();
