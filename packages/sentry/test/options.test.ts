import { describe, expect, it } from "vitest";
import { SentryBackend } from "../src/index.js";

describe("SentryBackend options", () => {
  it("refuse an unknown option, naming it and the closest valid one", () => {
    expect(() => new SentryBackend({ flushTimeout: 10 } as never)).toThrow(
      expect.objectContaining({
        name: "MetricsError",
        code: "invalid_option",
        message: 'SentryBackend: unknown option "flushTimeout"; did you mean "flushTimeoutMs"?',
      }),
    );
  });
});
