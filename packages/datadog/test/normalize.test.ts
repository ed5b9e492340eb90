import { HOSTILE_STRINGS, LONG_STRING } from "@metrics/conformance";
import { describe, expect, it } from "vitest";
import {
  normalizeHost,
  normalizeMetricName,
  normalizeTag,
  normalizeTagString,
  normalizeUnit,
} from "../src/naming/normalize.js";

const NAME = /^[A-Za-z][A-Za-z0-9_.]{0,199}$/;
const TAG = /^[\p{L}][\p{L}\p{N}_\-:./]{0,199}$/u;

describe("metric names", () => {
  it("keeps valid names as they are", () => {
    expect(normalizeMetricName("app.requests_total")).toBe("app.requests_total");
    expect(normalizeMetricName("App.Latency.P99")).toBe("App.Latency.P99");
  });

  it("replaces every other character with _ and starts with a letter", () => {
    expect(normalizeMetricName("a:b|c@d#e,f g\nh")).toBe("a_b_c_d_e_f_g_h");
    expect(normalizeMetricName("ünï")).toBe("n_");
    expect(normalizeMetricName("__proto__")).toBe("proto__");
    expect(normalizeMetricName("1st.metric")).toBe("st.metric");
    expect(normalizeMetricName("数据")).toBe("");
  });

  it("cuts names to 200 characters", () => {
    const name = normalizeMetricName(`app.${LONG_STRING}`);
    expect(name).toHaveLength(200);
    expect(name.startsWith("app.vvv")).toBe(true);
  });

  it("gives a valid name or nothing for every hostile string", () => {
    for (const text of HOSTILE_STRINGS) {
      const name = normalizeMetricName(`x.${text}`);
      expect(name).toMatch(NAME);
    }
  });
});

describe("tags", () => {
  it("joins key and value with the only colon the key can have", () => {
    expect(normalizeTag("env", "prod")).toBe("env:prod");
    expect(normalizeTag("a:b", "c:d")).toBe("a_b:c:d");
    expect(normalizeTag("route", "/users/1")).toBe("route:/users/1");
  });

  it("keeps unicode letters, replaces the rest", () => {
    expect(normalizeTag("région", "数据😀")).toBe("région:数据_");
    expect(normalizeTag("k", "a b\nc|d,e#f")).toBe("k:a_b_c_d_e_f");
  });

  it("gives a key with no letter a fallback name, an empty value a bare key", () => {
    expect(normalizeTag("123", "v")).toBe("tag:v");
    expect(normalizeTag("", "v")).toBe("tag:v");
    expect(normalizeTag("__proto__", "")).toBe("proto__");
  });

  it("fits every tag in 200 characters without splitting a surrogate pair", () => {
    expect(normalizeTag("long", LONG_STRING)).toHaveLength(200);
    expect(normalizeTag(LONG_STRING, "v")).toHaveLength(200);
    const astral = "𠀀".repeat(150); // letters outside the BMP: two UTF-16 units each
    const tag = normalizeTag("k", astral);
    expect(tag.length).toBeLessThanOrEqual(200);
    expect(tag).toMatch(TAG);
  });

  it("gives a valid tag for every hostile key and value", () => {
    for (const text of HOSTILE_STRINGS) {
      expect(normalizeTag(text, "v")).toMatch(TAG);
      expect(normalizeTag("k", text)).toMatch(TAG);
      expect(normalizeTagString(text)).toMatch(TAG);
    }
  });

  it("splits a tag string at its first colon", () => {
    expect(normalizeTagString("env:prod:eu")).toBe("env:prod:eu");
    expect(normalizeTagString("standalone")).toBe("standalone");
  });
});

describe("hosts and units", () => {
  it("keeps host names to their characters", () => {
    expect(normalizeHost("web-1.example.com")).toBe("web-1.example.com");
    expect(normalizeHost("a b/c")).toBe("a_b_c");
  });

  it("passes units Datadog spells, drops the rest", () => {
    expect(normalizeUnit("Byte")).toBe("byte");
    expect(normalizeUnit("millisecond")).toBe("millisecond");
    expect(normalizeUnit("bytes/s")).toBeUndefined();
    expect(normalizeUnit(undefined)).toBeUndefined();
  });
});
