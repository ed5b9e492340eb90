import { describe, expect, it } from "vitest";
import { incr, withTags } from "../src/index.js";
import { useMemory } from "./setup.js";

describe("withTags", () => {
  it("applies across await and keeps concurrent scopes apart", async () => {
    const { memory } = useMemory();
    const handle = (id: string, delay: number) =>
      withTags({ request: id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        incr("handled");
        await withTags({ step: "inner" }, async () => {
          await Promise.resolve();
          incr("inner");
        });
        incr("after");
      });
    await Promise.all([handle("a", 15), handle("b", 5)]);
    const tagsOf = (key: string) =>
      memory
        .find(key)
        .map((r) => r.tags)
        .sort((x, y) => x.request!.localeCompare(y.request!));
    expect(tagsOf("handled")).toEqual([{ request: "a" }, { request: "b" }]);
    expect(tagsOf("inner")).toEqual([
      { request: "a", step: "inner" },
      { request: "b", step: "inner" },
    ]);
    expect(tagsOf("after")).toEqual([{ request: "a" }, { request: "b" }]);
    incr("outside");
    expect(memory.find("outside")[0]!.tags).toEqual({});
  });

  it("returns fn's value and rethrows fn's error", () => {
    useMemory();
    expect(withTags({ a: 1 }, () => "v")).toBe("v");
    const error = new Error("mine");
    expect(() =>
      withTags({ a: 1 }, () => {
        throw error;
      }),
    ).toThrow(error);
  });
});
