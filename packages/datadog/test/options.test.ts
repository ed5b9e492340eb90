import { describe, expect, it } from "vitest";
import { DatadogBackend } from "../src/index.js";
import { resolveOptions, siteOrigin } from "../src/options.js";

const KEY = "options-key-77aa";

describe("options", () => {
  it("reads the key from DD_API_KEY and the site from DD_SITE", () => {
    const options = resolveOptions({}, { DD_API_KEY: KEY, DD_SITE: "datadoghq.eu" });
    expect(options.apiKey).toBe(KEY);
    expect(options.baseUrl).toBe("https://api.datadoghq.eu");
  });

  it("prefers options over the environment, and defaults to datadoghq.com", () => {
    expect(
      resolveOptions({ apiKey: "a", site: "us5.datadoghq.com" }, { DD_SITE: "datadoghq.eu" })
        .baseUrl,
    ).toBe("https://api.us5.datadoghq.com");
    expect(resolveOptions({ apiKey: "a" }, {}).baseUrl).toBe("https://api.datadoghq.com");
    expect(
      resolveOptions({ apiKey: "a", baseUrl: "http://127.0.0.1:8080/" }, { DD_SITE: "x.io" })
        .baseUrl,
    ).toBe("http://127.0.0.1:8080");
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
      expect(siteOrigin(site)).toBe(`https://api.${site}`);
    }
    expect(siteOrigin("app.datadoghq.eu")).toBe("https://api.datadoghq.eu");
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

  it("refuses bad sites, URLs and numbers without ever quoting the key", () => {
    const bad = [
      { site: "https://datadoghq.eu" },
      { site: "datadoghq" },
      { baseUrl: "not a url" },
      { baseUrl: "ftp://host" },
      { flushIntervalMs: 0 },
      { maxContexts: 1.5 },
      { maxQueueBytes: -1 },
      { maxRetries: -1 },
    ];
    for (const options of bad) {
      let message = "";
      try {
        resolveOptions({ apiKey: KEY, ...options }, {});
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^@metrics\/datadog: /);
      expect(message).not.toContain(KEY);
    }
  });

  it("has documented defaults", () => {
    expect(resolveOptions({ apiKey: "a" }, {})).toMatchObject({
      flushIntervalMs: 10_000,
      maxContexts: 10_000,
      maxValuesPerContext: 1000,
      maxQueueBytes: 8 * 1024 * 1024,
      requestTimeoutMs: 10_000,
      closeTimeoutMs: 10_000,
      maxRetryDelayMs: 30_000,
      maxRetries: 8,
    });
  });
});
