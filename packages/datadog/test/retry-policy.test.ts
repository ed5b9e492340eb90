import { describe, expect, it } from "vitest";
import {
  HttpStatusError,
  PayloadTooLargeError,
  RequestTimeoutError,
} from "../src/delivery/delivery-errors.js";
import { RetryPolicy } from "../src/delivery/retry-policy.js";

const networkError = (code: string) => Object.assign(new Error(code), { code });

describe("retry policy", () => {
  const policy = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });

  it("retries 5xx, 408, timeouts and connection failures with growing, bounded backoff", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => {
      const action = policy.decide(new HttpStatusError(503, undefined, ""), attempt);
      expect(action.kind).toBe("retry");
      return action.kind === "retry" ? action.delayMs : 0;
    });
    expect(delays).toEqual([75, 150, 300, 600, 750, 750]);
    for (const error of [
      new HttpStatusError(500, undefined, ""),
      new HttpStatusError(408, undefined, ""),
      new RequestTimeoutError(10),
      networkError("ECONNREFUSED"),
      networkError("ECONNRESET"),
    ]) {
      expect(policy.decide(error, 1).kind).toBe("retry");
    }
  });

  it("jitters between half and all of the ceiling", () => {
    const low = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
    const high = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });
    expect(low.backoffMs(3)).toBe(200);
    expect(high.backoffMs(3)).toBeLessThanOrEqual(400);
    expect(high.backoffMs(3)).toBeGreaterThan(390);
  });

  it("waits as long as a 429 asks, even past the backoff bound", () => {
    const action = policy.decide(new HttpStatusError(429, 5000, ""), 1);
    expect(action).toMatchObject({ kind: "retry" });
    expect(action.kind === "retry" && action.delayMs).toBeGreaterThanOrEqual(5000);
    expect(policy.decide(new HttpStatusError(429, undefined, ""), 1)).toMatchObject({
      kind: "retry",
      delayMs: 75,
    });
  });

  it("drops other 4xx and unknown errors, splits what is too large", () => {
    for (const status of [400, 401, 403, 404, 422]) {
      expect(policy.decide(new HttpStatusError(status, undefined, ""), 1)).toMatchObject({
        kind: "drop",
        status,
      });
    }
    expect(policy.decide(new TypeError("bug"), 1).kind).toBe("drop");
    expect(policy.decide(new HttpStatusError(413, undefined, ""), 1).kind).toBe("split");
    expect(policy.decide(new PayloadTooLargeError(6_000_000, 0), 1).kind).toBe("split");
  });
});
