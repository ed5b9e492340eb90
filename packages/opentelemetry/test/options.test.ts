import { describe, expect, it } from "vitest";
import { OpenTelemetryBackend } from "../src/index.js";

describe("OpenTelemetryBackend options", () => {
  it("refuse an unknown option, naming it and the closest valid one", () => {
    expect(() => new OpenTelemetryBackend({ meterNme: "x" } as never)).toThrow(
      expect.objectContaining({
        name: "MetricsError",
        code: "invalid_option",
        message: 'OpenTelemetryBackend: unknown option "meterNme"; did you mean "meterName"?',
      }),
    );
  });

  it("refuse a wrong value, quoting what was given", () => {
    expect(() => new OpenTelemetryBackend({ flushTimeoutMs: "5" as never })).toThrow(
      'OpenTelemetryBackend: flushTimeoutMs must be an integer >= 1, got "5"',
    );
  });
});
