import { MetricsError } from "@metrics/core";
import { describe, expect, it } from "vitest";
import { DatadogBackend } from "../src/index.js";
import { resolveOptions } from "../src/options.js";

const KEY = "options-key-77aa";

const origin = (options: Parameters<typeof resolveOptions>[0], env: NodeJS.ProcessEnv = {}) =>
  resolveOptions(options, env).options.origin;

describe("options", () => {
  it("reads the key from DD_API_KEY and the site from DD_SITE", () => {
    const { apiKey, options } = resolveOptions({}, { DD_API_KEY: KEY, DD_SITE: "datadoghq.eu" });
    expect(apiKey).toBe(KEY);
    expect(options.origin).toBe("https://api.datadoghq.eu");
    expect(options.site).toBe("datadoghq.eu");
    // The key is kept apart from the options the backend holds.
    expect(JSON.stringify(options)).not.toContain(KEY);
  });

  it("prefers options over the environment, and defaults to datadoghq.com", () => {
    expect(origin({ apiKey: "a", site: "us5.datadoghq.com" }, { DD_SITE: "datadoghq.eu" })).toBe(
      "https://api.us5.datadoghq.com",
    );
    expect(origin({ apiKey: "a" })).toBe("https://api.datadoghq.com");
    expect(origin({ apiKey: "a", baseUrl: "http://127.0.0.1:8080/" }, { DD_SITE: "x.io" })).toBe(
      "http://127.0.0.1:8080",
    );
  });

  it("accepts every Datadog site", () => {
    for (const site of [
      "datadoghq.com",
      "us3.datadoghq.com",
      "us5.datadoghq.com",
      "datadoghq.eu",
      "ap1.datadoghq.com",
      "ap2.datadoghq.com",
      "ddog-gov.com",
    ]) {
      expect(origin({ apiKey: "a", site })).toBe(`https://api.${site}`);
    }
    expect(origin({ apiKey: "a", site: "app.datadoghq.eu" })).toBe("https://api.datadoghq.eu");
  });

  it("fails at construction without a key, naming the fix", () => {
    expect(() => resolveOptions({}, {})).toThrow(/DD_API_KEY/);
    expect(() => resolveOptions({ apiKey: "  " }, {})).toThrow(/apiKey/);
    const saved = process.env.DD_API_KEY;
    delete process.env.DD_API_KEY;
    try {
      expect(() => new DatadogBackend()).toThrow(/no API key/);
    } finally {
      if (saved !== undefined) process.env.DD_API_KEY = saved;
    }
  });

  it("refuses bad sites, URLs, proxies and numbers with a MetricsError, never quoting the key", () => {
    const bad = [
      { site: "https://datadoghq.eu" },
      { site: "datadoghq" },
      { baseUrl: "not a url" },
      { baseUrl: "ftp://host" },
      { proxy: "not a url" },
      { proxy: true as never },
      { flushIntervalMs: 0 },
      { maxContexts: 1.5 },
      { maxQueueBytes: -1 },
      { maxRetries: -1 },
      { maxSamplesPerContext: 0 },
      { flushTimeoutMs: Number.NaN },
      { onError: "log" as never },
    ];
    for (const options of bad) {
      let caught: unknown;
      try {
        resolveOptions({ apiKey: KEY, ...options }, {});
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MetricsError);
      expect((caught as Error).message).toMatch(/^DatadogBackend: /);
      expect((caught as Error).message).not.toContain(KEY);
    }
  });

  it("refuses an unknown option, naming it and the closest valid one", () => {
    const attempt = (options: object) => {
      try {
        new DatadogBackend({ apiKey: KEY, ...options } as never);
      } catch (error) {
        return error as MetricsError;
      }
      throw new Error("constructor accepted an unknown option");
    };
    const typo = attempt({ maxSamplePerContext: 10 });
    expect(typo).toBeInstanceOf(MetricsError);
    expect(typo.message).toBe(
      'DatadogBackend: unknown option "maxSamplePerContext"; did you mean "maxSamplesPerContext"?',
    );
    // Options of 0.1.0 that were renamed are refused by name, not silently ignored.
    expect(attempt({ maxValuesPerContext: 5 }).message).toContain('"maxValuesPerContext"');
    expect(attempt({ closeTimeoutMs: 5 }).message).toContain('"closeTimeoutMs"');
    expect(attempt({ flushInterval: 5 }).message).toContain('"flushIntervalMs"');
    expect(attempt({ apikey: "x" }).message).toContain('"apiKey"');
    expect(attempt({ zzzzzzzzzz: 1 }).message).not.toContain("did you mean");
  });

  it("has documented defaults: exact (no sampling), 10 s windows, flush and close bounded at 10 s", () => {
    expect(resolveOptions({ apiKey: "a" }, {}).options).toMatchObject({
      flushIntervalMs: 10_000,
      maxContexts: 10_000,
      maxSamplesPerContext: undefined,
      maxQueueBytes: 8 * 1024 * 1024,
      requestTimeoutMs: 10_000,
      flushTimeoutMs: 10_000,
      errorIntervalMs: 10_000,
      flushOnExit: true,
      maxSetMembers: 100_000,
      maxRetryDelayMs: 30_000,
      maxRetries: 8,
      proxy: undefined,
      agent: undefined,
    });
  });
});
