import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { configureFromEnv, getBackend, incr } from "../src/index.js";
import { LoggingBackend } from "../src/logging.js";
import { useMemory } from "./setup.js";

describe("configureFromEnv", () => {
  it("defaults to the no-op backend", async () => {
    useMemory();
    const backend = await configureFromEnv({});
    expect(getBackend()).toBe(backend);
    expect(backend.constructor.name).toBe("Object");
  });

  it("builds a LoggingBackend, with prefix and sample rate", async () => {
    useMemory();
    const backend = await configureFromEnv({
      METRICS_BACKEND: "logging",
      METRICS_PREFIX: "svc",
      METRICS_SAMPLE_RATE: "1",
    });
    expect(backend).toBeInstanceOf(LoggingBackend);
    expect(getBackend()).toBe(backend);
  });

  it("loads a module specifier and passes METRICS_OPTIONS to its factory", async () => {
    useMemory();
    const backend = (await configureFromEnv({
      METRICS_BACKEND: "./test/fixtures/custom-backend.mjs",
      METRICS_OPTIONS: '{"host":"127.0.0.1","port":9125}',
      METRICS_PREFIX: "svc.",
    })) as unknown as { options: unknown; records: { key: string }[] };
    incr("hit");
    expect(backend.options).toEqual({ host: "127.0.0.1", port: 9125 });
    expect(backend.records.map((r) => r.key)).toEqual(["svc.hit"]);
  });

  it("names the fix when a transport package is missing", () => {
    // Plain Node on the build, from a directory where no transport is installed (the test
    // runner's own resolver would find the workspace's packages).
    const entry = pathToFileURL(fileURLToPath(new URL("../dist/index.js", import.meta.url))).href;
    const script = `import(${JSON.stringify(entry)}).then((core) => core.configureFromEnv({ METRICS_BACKEND: "statsd" })).catch((error) => console.log(error.message))`;
    const output = execFileSync(process.execPath, ["-e", script], {
      cwd: tmpdir(),
      encoding: "utf8",
      // pnpm sets NODE_PATH to the workspace's hoisted packages; an application would not have it.
      env: { PATH: process.env.PATH },
    });
    expect(output.trim()).toBe(
      'METRICS_BACKEND=statsd needs the package "@metrics/statsd", which is not installed: run `npm install @metrics/statsd`',
    );
  });

  it("names the fix for bad JSON, a bad rate and a module without a backend", async () => {
    await expect(
      configureFromEnv({ METRICS_BACKEND: "logging", METRICS_OPTIONS: "{host:" }),
    ).rejects.toThrow(/METRICS_OPTIONS is not valid JSON .*set it to an object/);
    await expect(configureFromEnv({ METRICS_OPTIONS: "[1]" })).rejects.toThrow(
      /must be a JSON object/,
    );
    await expect(configureFromEnv({ METRICS_SAMPLE_RATE: "2" })).rejects.toThrow(
      /METRICS_SAMPLE_RATE must be a number in \(0, 1\]/,
    );
    await expect(configureFromEnv({ METRICS_BACKEND: "node:path" })).rejects.toThrow(
      /does not export a MetricsBackend/,
    );
  });
});
