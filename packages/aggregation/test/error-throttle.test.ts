import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorThrottle } from "../src/index.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("ErrorThrottle", () => {
  it("delivers one error per kind per window, with the count suppressed before it", () => {
    vi.useFakeTimers({ now: 0 });
    const got: string[] = [];
    const throttle = new ErrorThrottle<string>((e) => got.push(e), 1000);
    for (let i = 0; i < 5; i++) throttle.report("a", (n) => `a after ${n}`);
    throttle.report("b", (n) => `b after ${n}`);
    vi.setSystemTime(999);
    throttle.report("a", (n) => `a after ${n}`);
    vi.setSystemTime(1000);
    throttle.report("a", (n) => `a after ${n}`);
    expect(got).toEqual(["a after 0", "b after 0", "a after 5"]);
  });

  it("never throws when the handler does", () => {
    const throttle = new ErrorThrottle<string>(() => {
      throw new Error("handler");
    }, 1000);
    expect(() => throttle.report("a", () => "x")).not.toThrow();
  });
});
