import { MetricsError } from "@metrics/core";
import { describe, expect, it } from "vitest";
import {
  checkKnownOptions,
  closestName,
  integerOption,
  resolveTransportOptions,
  TRANSPORT_DEFAULTS,
  TRANSPORT_OPTION_NAMES,
} from "../src/index.js";

describe("closestName", () => {
  it("finds a likely typo and nothing for an unrelated word", () => {
    expect(closestName("prot", ["host", "port", "path"])).toBe("port");
    expect(closestName("flushIntervalMS", TRANSPORT_OPTION_NAMES)).toBe("flushIntervalMs");
    expect(closestName("maxContxts", TRANSPORT_OPTION_NAMES)).toBe("maxContexts");
    expect(closestName("colour", ["host", "port"])).toBeUndefined();
  });
});

describe("checkKnownOptions", () => {
  it("names the unknown option and the closest valid one", () => {
    expect(() => checkKnownOptions("StatsdBackend", { prot: 8125 }, ["host", "port"])).toThrow(
      'StatsdBackend: unknown option "prot"; did you mean "port"?',
    );
    expect(() => checkKnownOptions("X", { zzz: 1 }, ["host"])).toThrow(/^X: unknown option "zzz"$/);
  });

  it("throws a MetricsError for what is not an options object", () => {
    for (const given of [null, 3, "host", [1]]) {
      let thrown: unknown;
      try {
        checkKnownOptions("X", given, ["host"]);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(MetricsError);
      expect((thrown as Error).message).toMatch(/^X: options must be an object, got /);
    }
    expect(() => checkKnownOptions("X", undefined, [])).not.toThrow();
  });
});

describe("resolveTransportOptions", () => {
  it("fills in the one set of defaults; sampling is off (exact) unless asked for", () => {
    const resolved = resolveTransportOptions("X", {});
    expect(resolved).toMatchObject(TRANSPORT_DEFAULTS);
    expect(resolved.maxSamplesPerContext).toBeUndefined();
    expect(resolveTransportOptions("X", { maxSamplesPerContext: 50 }).maxSamplesPerContext).toBe(
      50,
    );
  });

  it("gives the same message for the same bound, naming the owner", () => {
    expect(() => resolveTransportOptions("A", { maxContexts: 0 })).toThrow(
      "A: maxContexts must be an integer >= 1, got 0",
    );
    expect(() => resolveTransportOptions("B", { maxContexts: 0 })).toThrow(
      "B: maxContexts must be an integer >= 1, got 0",
    );
    expect(() => resolveTransportOptions("A", { flushTimeoutMs: "5" as never })).toThrow(
      'A: flushTimeoutMs must be an integer >= 1, got "5"',
    );
    expect(() => resolveTransportOptions("A", { flushIntervalMs: 3000 })).toThrow(/divide/);
    expect(() => resolveTransportOptions("A", { onError: 1 as never })).toThrow(/onError/);
    expect(() => resolveTransportOptions("A", { flushOnExit: "yes" as never })).toThrow(
      'A: flushOnExit must be true or false, got "yes"',
    );
  });

  it("takes a transport's documented override of a default", () => {
    expect(resolveTransportOptions("X", {}, { flushIntervalMs: 10_000 }).flushIntervalMs).toBe(
      10_000,
    );
  });

  it("checks an upper bound", () => {
    expect(() => integerOption("X", "port", 70_000, { default: 1, min: 1, max: 65_535 })).toThrow(
      "X: port must be at most 65535, got 70000",
    );
  });
});
