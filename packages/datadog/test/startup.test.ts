import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Intake, type Reply } from "@metrics/test-peers/datadog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "./support/run-node.js";

const ESM = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const CJS = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));
const API_KEY = "startup-key-0d4c";

/**
 * A child process that imports the built package, constructs a backend and records which
 * modules of `@datadog/datadog-api-client` are loaded before and after the first flush (one
 * counter and one distribution, so both metric endpoints are used).
 */
function script(format: "esm" | "cjs", url: string): string {
  const load =
    format === "esm"
      ? `const { createRequire } = await import("node:module");
         const require = createRequire(${JSON.stringify(ESM)});
         const { DatadogBackend } = await import(${JSON.stringify(ESM)});`
      : `const { DatadogBackend } = require(${JSON.stringify(CJS)});`;
  const body = `
    const started = process.hrtime.bigint();
    ${load}
    const modules = () => Object.keys(require.cache).filter((p) => p.includes("datadog-api-client"));
    const loaded = () => modules().length;
    // The API classes and their ObjectSerializer / models: what must never load.
    const heavy = () => modules().filter((p) => /datadog-api-client-v[12]|ObjectSerializer|[\\/]models[\\/]/.test(p));
    const backend = new DatadogBackend({ apiKey: ${JSON.stringify(API_KEY)}, baseUrl: ${JSON.stringify(url)} });
    const constructedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rss = process.memoryUsage().rss;
    backend.incr("startup.hits", 1, {}, 1, undefined);
    backend.distribution("startup.sizes", 5, {}, 1, undefined);
    const before = loaded();
    await backend.flush();
    const after = loaded();
    const heavyAfter = heavy().length;
    await backend.close();
    // Control: the check does see the models when this process loads them.
    require("@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/models/ObjectSerializer.js");
    const control = heavy().length;
    console.log(JSON.stringify({ before, after, heavyAfter, control, constructedMs, rss }));`;
  return format === "esm" ? body : `(async () => { ${body} })();`;
}

let intake: Intake;
beforeAll(async () => {
  intake = await Intake.start(API_KEY);
});
afterAll(() => intake.close());

describe("startup cost", () => {
  it("has a built package to load", () => {
    expect(existsSync(ESM) && existsSync(CJS)).toBe(true);
  });

  for (const format of ["esm", "cjs"] as const) {
    it(`importing and constructing (${format}) loads no part of the API client; flushing loads its common layer only, never a model`, async () => {
      const args = format === "esm" ? ["--input-type=module", "-e"] : ["-e"];
      const sent = intake.series.length;
      const run = await runNode([...args, script(format, intake.url)]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
      expect(result.before).toBe(0);
      // The flush went through the client's common layer (the intake got both points) ...
      expect(intake.series.slice(sent).map((point) => point.metric)).toEqual(["startup.hits"]);
      expect(intake.distributions.at(-1)?.metric).toBe("startup.sizes");
      expect(result.after).toBeGreaterThan(0);
      // ... and loaded no API class, serialiser or model.
      expect(result.heavyAfter).toBe(0);
      expect(result.control).toBeGreaterThan(100);
    });
  }

  it("keeps the process alive while a flush is awaited", async () => {
    intake.script({ kind: "delay", ms: 500 });
    const sent = intake.series.length;
    const run = await runNode([
      "--input-type=module",
      "-e",
      `const { DatadogBackend } = await import(${JSON.stringify(ESM)});
       const backend = new DatadogBackend({ apiKey: ${JSON.stringify(API_KEY)}, baseUrl: ${JSON.stringify(intake.url)} });
       backend.gauge("awaited.gauge", 7, {}, 1, undefined);
       await backend.flush();
       console.log("flushed");`,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("flushed");
    expect(intake.series.slice(sent).map((point) => point.metric)).toEqual(["awaited.gauge"]);
  });

  it("flushes once at a natural exit: a script that emits and ends delivers everything", async () => {
    const sent = intake.series.length;
    const values = intake.distributions.length;
    const run = await runNode([
      "--input-type=module",
      "-e",
      `const { DatadogBackend } = await import(${JSON.stringify(ESM)});
       const backend = new DatadogBackend({ apiKey: ${JSON.stringify(API_KEY)}, baseUrl: ${JSON.stringify(intake.url)} });
       for (let i = 0; i < 5; i++) backend.incr("exit.count." + i, 1, {}, 1, undefined);
       for (let i = 0; i < 3000; i++) backend.distribution("exit.values", i, {}, 1, undefined);
       let exits = 0;
       process.on("beforeExit", () => { exits += 1; });
       process.on("exit", () => console.log("exits " + exits));`,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const counts = intake.series
      .slice(sent)
      .map((point) => point.metric)
      .sort();
    expect(counts).toEqual([0, 1, 2, 3, 4].map((i) => `exit.count.${i}`));
    const arrived = intake.distributions.slice(values).flatMap((point) => point.values);
    expect(arrived).toHaveLength(3000);
    // The loop emptied twice: before the flush and after it (no flush loop).
    expect(run.stdout.trim()).toBe("exits 2");
  });

  /**
   * A child that emits 5 counters and 7 values against an intake that fails, ends on its own, and
   * prints every report and how long after its last line it exited.
   */
  async function exitAgainstFailingIntake(fault: Reply) {
    intake.failUntil(60_000, [fault]);
    const run = await runNode([
      "--input-type=module",
      "-e",
      `const { DatadogBackend } = await import(${JSON.stringify(ESM)});
       const backend = new DatadogBackend({
         apiKey: ${JSON.stringify(API_KEY)}, baseUrl: ${JSON.stringify(intake.url)}, flushTimeoutMs: 1500,
         onError: (error) => console.log(JSON.stringify({ code: error.code, dropped: error.dropped })),
       });
       for (let i = 0; i < 5; i++) backend.incr("exit.lost", 1, { i: String(i) }, 1, undefined);
       for (let i = 0; i < 7; i++) backend.distribution("exit.lost.values", i, {}, 1, undefined);
       const ended = Date.now();
       process.on("exit", () => console.log(JSON.stringify({ exitAfterMs: Date.now() - ended })));`,
    ]);
    intake.failUntil(0, []);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const reports = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const lost = reports
      .filter((report) => report.code === "dropped")
      .reduce((sum, report) => sum + (report.dropped ?? 0), 0);
    return { exitAfterMs: reports.at(-1).exitAfterMs as number, lost };
  }

  // The exit flush ends at flushTimeoutMs (1.5 s) whatever the intake does: it retries at once,
  // then aborts what is in flight. The 1.5 s beyond is for timers firing late on a loaded 2-core
  // machine (seen: +0.5 s at load 7); the failures this guards against take 10 s (a stalled
  // request's requestTimeoutMs) or ~90 s (maxRetries of backoff).
  const EXIT_BOUND_MS = 1500 + 1500;

  it("at a natural exit with the intake refusing (503), retries until flushTimeoutMs, then reports every point lost", async () => {
    const { exitAfterMs, lost } = await exitAgainstFailingIntake({ kind: "status", status: 503 });
    expect(exitAfterMs).toBeLessThan(EXIT_BOUND_MS);
    expect(lost).toBe(5 + 7);
  });

  it("at a natural exit with the intake stalled, aborts the requests at flushTimeoutMs and reports every point lost", async () => {
    const { exitAfterMs, lost } = await exitAgainstFailingIntake({ kind: "stall" });
    expect(exitAfterMs).toBeLessThan(EXIT_BOUND_MS);
    expect(lost).toBe(5 + 7);
  });

  it("lets an idle process exit although its backend was never closed", async () => {
    const run = await runNode([
      "--input-type=module",
      "-e",
      `const { DatadogBackend } = await import(${JSON.stringify(ESM)});
       const backend = new DatadogBackend({ apiKey: "k", baseUrl: ${JSON.stringify(intake.url)}, flushIntervalMs: 50 });
       backend.incr("idle", 1, {}, 1, undefined);
       console.log("done");`,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("done");
  });
});
