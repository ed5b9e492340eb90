import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { Intake } from "@metrics/test-peers/datadog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "./support/run-node.js";

const ESM = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const LOGGER = "@datadog/datadog-api-client/dist/logger.js";
const SECRET = "dd0secret0key0a1b2c3d4e5f6a7b8c9";

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let intake: Intake;
beforeAll(async () => {
  intake = await Intake.start(SECRET);
});
afterAll(() => intake.close());

describe("the API key and the client's logging", () => {
  it("never show up in errors or output, with DEBUG set and the intake failing every way", async () => {
    // The intake echoes the key back in an error body, then fails, stalls and drops.
    intake.script(
      { kind: "status", status: 403, body: JSON.stringify({ errors: [`invalid key ${SECRET}`] }) },
      { kind: "status", status: 400, body: `bad request for ${SECRET}` },
      { kind: "status", status: 500, body: SECRET },
      { kind: "stall" },
      { kind: "drop" },
    );
    const refused = `http://127.0.0.1:${await closedPort()}`;
    const run = await runNode(
      [
        "--input-type=module",
        "-e",
        `const { DatadogBackend } = await import(${JSON.stringify(ESM)});
         const errors = [];
         const onError = (error) => errors.push({
           message: error.message, key: error.key, code: error.code,
           cause: error.cause && { message: error.cause.message, code: error.cause.code },
           stack: error.stack,
         });
         // The key comes from DD_API_KEY, as most deployments set it.
         const failing = new DatadogBackend({ baseUrl: ${JSON.stringify(intake.url)}, requestTimeoutMs: 300, maxRetryDelayMs: 10, onError });
         for (let w = 0; w < 3; w++) {
           failing.incr("secret.count", 1, { w: String(w) }, 1, undefined);
           failing.distribution("secret.dist", 1.5, { w: String(w) }, 1, undefined);
           await failing.flush();
         }
         await failing.close();
         // Connection refused, with the default onError (core's rate-limited stderr line).
         const down = new DatadogBackend({ baseUrl: ${JSON.stringify(refused)}, maxRetries: 1, maxRetryDelayMs: 10 });
         down.gauge("secret.gauge", 1, {}, 1, undefined);
         await down.flush();
         await down.close();
         // util.inspect, console.log and toJSON of a backend: shown to stdout, checked below.
         const { inspect } = await import("node:util");
         const shown = new DatadogBackend({ baseUrl: ${JSON.stringify(intake.url)} });
         console.error(inspect(shown, { showHidden: true, depth: 10 }));
         console.error(shown);
         console.error(JSON.stringify(shown));
         console.error(JSON.stringify({ ...shown }));
         await shown.close();
         console.log(JSON.stringify(errors));
         // Control: the client's logger really is at debug level in this process.
         const { createRequire } = await import("node:module");
         const { logger } = createRequire(${JSON.stringify(ESM)})(${JSON.stringify(LOGGER)});
         logger.debug("control-debug-line");`,
      ],
      { DEBUG: "*", DD_API_KEY: SECRET },
    );
    expect(run.code).toBe(0);
    const output = run.stdout + run.stderr;
    expect(output).not.toContain(SECRET);
    expect(output).toContain("control-debug-line");
    const lines = run.stdout.trim().split("\n");
    // Nothing but our own two lines on stdout: no request dumps, no serializer debug lines.
    expect(lines).toHaveLength(2);
    const errors = JSON.parse(lines[0]!) as { message: string; code: string }[];
    expect(errors.some((error) => error.message.includes("403"))).toBe(true);
    expect(errors.some((error) => error.message.includes("[redacted]"))).toBe(true);
    // The backend as util.inspect / console.log / toJSON show it: no key, but the intake.
    expect(run.stderr).toContain(`DatadogBackend {"backend":"datadog","origin":"${intake.url}"`);
    // Otherwise stderr carries only core's reporting of the refused connection, not the
    // client's logger.
    for (const line of run.stderr.trim().split("\n")) {
      expect(line).toMatch(/^\[@metrics\] |DatadogBackend \{|^\{"backend"|^\{\}$/);
    }
    expect(run.stderr).toContain("ECONNREFUSED");
    // Past the scripted failures the intake accepted the key from DD_API_KEY.
    expect(intake.series.length).toBeGreaterThan(0);
  });
});
