import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Intake } from "@metrics/test-peers/datadog";
import { runNode } from "./support/run-node.js";

const ESM = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const CJS = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));
const API_KEY = "startup-key-0d4c";

/**
 * A child process that imports the built package, constructs a backend and records which
 * modules of `@datadog/datadog-api-client` are loaded before and after the first flush.
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
    const loaded = () => Object.keys(require.cache).filter((p) => p.includes("datadog-api-client")).length;
    const backend = new DatadogBackend({ apiKey: ${JSON.stringify(API_KEY)}, baseUrl: ${JSON.stringify(url)} });
    const constructedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rss = process.memoryUsage().rss;
    backend.incr("startup.hits", 1, {}, 1, undefined);
    const before = loaded();
    await backend.flush();
    const after = loaded();
    await backend.close();
    // Control: the check does see the client when this thread loads it.
    require("@datadog/datadog-api-client/dist/logger.js");
    const control = loaded();
    console.log(JSON.stringify({ before, after, control, constructedMs, rss }));`;
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
    it(`importing and constructing (${format}) loads no part of the API client, flushing only in a worker`, async () => {
      const args = format === "esm" ? ["--input-type=module", "-e"] : ["-e"];
      const sent = intake.series.length;
      const run = await runNode([...args, script(format, intake.url)]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
      expect(result.before).toBe(0);
      // The flush went through the client (the intake got the point) on the worker thread.
      expect(intake.series.slice(sent).map((point) => point.metric)).toEqual(["startup.hits"]);
      expect(result.after).toBe(0);
      expect(result.control).toBeGreaterThan(0);
    });
  }

  it("keeps the process alive while a flush is awaited, though the worker is unref'd", async () => {
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

  it("delivers from a process started with flags a worker refuses (--max-old-space-size)", async () => {
    const sent = intake.series.length;
    const run = await runNode([
      "--max-old-space-size=256",
      "--stack-size=2000",
      "--input-type=module",
      "-e",
      `const { DatadogBackend } = await import(${JSON.stringify(ESM)});
       const backend = new DatadogBackend({
         apiKey: ${JSON.stringify(API_KEY)},
         baseUrl: ${JSON.stringify(intake.url)},
         onError: (error) => console.log("error: " + error.message),
       });
       backend.incr("flagged.process", 3, {}, 1, undefined);
       await backend.close();
       console.log("closed");`,
    ]);
    expect(run.stdout.trim()).toBe("closed");
    expect(run.code).toBe(0);
    expect(intake.series.slice(sent).map((point) => point.metric)).toEqual(["flagged.process"]);
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
