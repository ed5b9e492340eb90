import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MetricsError } from "../src/errors.js";
import { stderrErrorHandler } from "../src/stderr-error-handler.js";

describe("the default onError (stderr)", () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    vi.useFakeTimers({ now: new Date("2026-12-03T10:00:00Z"), toFake: ["Date"] });
    vi.spyOn(process.stderr, "write").mockImplementation((line) => {
      lines.push(String(line));
      return true;
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("limits each problem (code and key) on its own: a different problem shows at once", () => {
    const value = (key: string) =>
      new MetricsError("invalid_value", `"${key}": "3" is not a finite number; not sent`, { key });
    stderrErrorHandler(value("limit.a"));
    stderrErrorHandler(value("limit.b"));
    stderrErrorHandler(value("limit.a"));
    stderrErrorHandler(new MetricsError("transport_error", "limit: ECONNREFUSED"));
    stderrErrorHandler(new MetricsError("transport_error", "limit: ECONNREFUSED"));
    stderrErrorHandler(new MetricsError("closed", "limit: backend closed"));
    expect(lines).toEqual([
      '[@metrics] invalid_value: "limit.a": "3" is not a finite number; not sent\n',
      '[@metrics] invalid_value: "limit.b": "3" is not a finite number; not sent\n',
      "[@metrics] transport_error: limit: ECONNREFUSED\n",
      "[@metrics] closed: limit: backend closed\n",
    ]);
    // 10 s later the same problem shows again.
    vi.advanceTimersByTime(10_000);
    stderrErrorHandler(value("limit.a"));
    expect(lines).toHaveLength(5);
  });

  it("always writes a report that counts lost metrics", () => {
    for (const dropped of [5, 3, 4]) {
      stderrErrorHandler(new MetricsError("dropped", `${dropped} metrics dropped`, { dropped }));
    }
    expect(lines).toEqual([
      "[@metrics] dropped: 5 metrics dropped\n",
      "[@metrics] dropped: 3 metrics dropped\n",
      "[@metrics] dropped: 4 metrics dropped\n",
    ]);
  });
});
