import { describe, expect, it } from "vitest";
import { labelName, metricName } from "../src/prometheus-names.js";

describe("Prometheus names", () => {
  it("replaces every character Prometheus does not allow and never starts with a digit", () => {
    expect(metricName("http.requests:2xx-rate", "gauge", undefined)).toBe("http_requests_2xx_rate");
    expect(metricName("5xx", "gauge", undefined)).toBe("_5xx");
    expect(metricName("數據", "gauge", undefined)).toBe("__");
  });

  it("adds _total, _seconds and units once, never doubled", () => {
    expect(metricName("jobs.processed", "counter", undefined)).toBe("jobs_processed_total");
    expect(metricName("jobs_total", "counter", undefined)).toBe("jobs_total");
    expect(metricName("total", "counter", undefined)).toBe("total");
    expect(metricName("db.query", "timing", undefined)).toBe("db_query_seconds");
    expect(metricName("db.query.seconds", "timing", undefined)).toBe("db_query_seconds");
    expect(metricName("payload", "histogram", "byte")).toBe("payload_bytes");
    expect(metricName("payload_bytes", "histogram", "By")).toBe("payload_bytes");
    expect(metricName("read", "counter", "byte")).toBe("read_bytes_total");
    expect(metricName("read_bytes_total", "counter", "byte")).toBe("read_bytes_total");
    expect(metricName("read_total", "counter", "byte")).toBe("read_bytes_total");
    expect(metricName("load", "gauge", "1")).toBe("load");
    expect(metricName("cpu", "gauge", "core/s")).toBe("cpu_core_s");
    expect(metricName("x", "gauge", "constructor")).toBe("x_constructor");
  });

  it("makes label names valid, keeps Prometheus's reserved names out", () => {
    expect(labelName("http.route", "counter")).toBe("http_route");
    expect(labelName("2fa", "counter")).toBe("key_2fa");
    expect(labelName("__name__", "counter")).toBe("key__name__");
    expect(labelName("", "counter")).toBe("key_");
    expect(labelName("le", "gauge")).toBe("le");
    expect(labelName("le", "histogram")).toBe("exported_le");
    expect(labelName("le", "timing")).toBe("exported_le");
  });
});
