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
    ).rejects.toThrow(/METRICS_OPTIONS is not valid JSON at character 2 .*set it to an object/);
    await expect(
      configureFromEnv({ METRICS_BACKEND: "logging", METRICS_OPTIONS: "[1]" }),
    ).rejects.toThrow("METRICS_OPTIONS must be a JSON object such as");
    await expect(configureFromEnv({ METRICS_SAMPLE_RATE: "2" })).rejects.toThrow(
      /METRICS_SAMPLE_RATE must be a number in \(0, 1\]/,
    );
    await expect(configureFromEnv({ METRICS_BACKEND: "node:path" })).rejects.toThrow(
      /does not export a MetricsBackend/,
    );
  });

  it("never quotes METRICS_OPTIONS in a JSON error: it may hold an API key", async () => {
    // Node 22 and later quote the text in JSON.parse's own message.
    for (const json of ['{"apiKey":"s3cr3t-key",}', '{"apiKey":"s3cr3t-key"', "s3cr3t-key"]) {
      const error = await configureFromEnv({ METRICS_BACKEND: "logging", METRICS_OPTIONS: json })
        .then(() => undefined)
        .catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error?.message).toMatch(/^METRICS_OPTIONS is not valid JSON/);
      expect(`${error?.message} ${String(error?.cause)} ${error?.stack}`).not.toContain("s3cr3t");
    }
  });

  it("suggests the closest name for a mistyped METRICS_BACKEND, and lists the names", async () => {
    const error = await configureFromEnv({ METRICS_BACKEND: "statd" }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'METRICS_BACKEND="statd" is neither a backend name nor an installed module. Did you mean statsd? ' +
        "The names are noop, logging, statsd, dogstatsd, datadog, opentelemetry, prometheus, sentry; " +
        "a backend of your own is named by its module specifier, such as ./metrics-backend.js or @acme/metrics-backend.",
    );
    await expect(configureFromEnv({ METRICS_BACKEND: "prometeus" })).rejects.toThrow(
      "Did you mean prometheus?",
    );
    await expect(configureFromEnv({ METRICS_BACKEND: "DataDog" })).rejects.toThrow(
      "Did you mean datadog?",
    );
    const far = await configureFromEnv({ METRICS_BACKEND: "kafka" }).catch((e: Error) => e);
    expect((far as Error).message).toMatch(/^METRICS_BACKEND="kafka" is neither .*The names are /);
    expect((far as Error).message).not.toContain("Did you mean");
  });

  it("never tells the user to install a package that is not ours", async () => {
    for (const name of [
      "statd",
      "kafka",
      "@acme/missing-backend",
      "acme-metrics/backend",
      "./missing.mjs",
    ]) {
      const error = await configureFromEnv({ METRICS_BACKEND: name }).catch((e: Error) => e);
      expect((error as Error).message).toContain(`METRICS_BACKEND=${JSON.stringify(name)}`);
      expect((error as Error).message).not.toMatch(/npm (i|install|add)\b|pnpm add|yarn add/);
    }
    await expect(configureFromEnv({ METRICS_BACKEND: "./missing.mjs" })).rejects.toThrow(
      `METRICS_BACKEND="./missing.mjs": no such module, looked up from @metrics/core and from ${process.cwd()}`,
    );
  });

  it("refuses METRICS_OPTIONS without METRICS_BACKEND, and a prefix with spaces", async () => {
    await expect(configureFromEnv({ METRICS_OPTIONS: '{"port":8125}' })).rejects.toThrow(
      /^METRICS_OPTIONS is set but METRICS_BACKEND is not: set METRICS_BACKEND to the backend these options are for \(noop, logging, statsd/,
    );
    await expect(
      configureFromEnv({ METRICS_BACKEND: "logging", METRICS_PREFIX: "my app" }),
    ).rejects.toThrow('METRICS_PREFIX must not contain spaces or other whitespace, got "my app"');
    await expect(
      configureFromEnv({ METRICS_BACKEND: "logging", METRICS_PREFIX: "myapp\t" }),
    ).rejects.toThrow(/^METRICS_PREFIX must not contain/);
    await expect(configureFromEnv({ METRICS_SAMPLE_RATE: " " })).rejects.toThrow(
      'METRICS_SAMPLE_RATE must be a number in (0, 1], such as 0.5; got " "',
    );
  });

  it("names METRICS_OPTIONS when the backend's constructor refuses an option", async () => {
    const error = await configureFromEnv({
      METRICS_BACKEND: "./test/fixtures/strict-backend.mjs",
      METRICS_OPTIONS: '{"port":"8125"}',
    }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'METRICS_OPTIONS (METRICS_BACKEND=./test/fixtures/strict-backend.mjs): port must be a number, got "8125"',
    );
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ name: "MetricsError", code: "invalid_option" });
  });
});
