import { describe, expect, it } from "vitest";
import { PrometheusBackend } from "../src/index.js";

describe("PrometheusBackend options", () => {
  it("refuse an unknown option, naming it and the closest valid one", () => {
    expect(() => new PrometheusBackend({ maxLabelSet: 10 } as never)).toThrow(
      expect.objectContaining({
        name: "MetricsError",
        code: "invalid_option",
        message: 'PrometheusBackend: unknown option "maxLabelSet"; did you mean "maxLabelSets"?',
      }),
    );
  });

  it("refuse a wrong value, quoting what was given", () => {
    expect(() => new PrometheusBackend({ windowMs: 0 })).toThrow(
      "PrometheusBackend: windowMs must be an integer >= 1, got 0",
    );
  });
});
