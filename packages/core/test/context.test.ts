import { describe, expect, it } from "vitest";
import { configure, metricContext, withTags } from "../src/index.js";
import { useMemory } from "./setup.js";

describe("metricContext()", () => {
  it("gives the key and tags the facade would hand a backend here", () => {
    const { memory } = useMemory();
    configure({ prefix: "app", globalTags: { region: "eu" } });
    const context = withTags({ route: "/u" }, () =>
      metricContext("queue.wait", { tags: { queue: "email", gone: null }, instance: 3 }),
    );
    expect(context).toEqual({
      key: "app.queue.wait",
      tags: { region: "eu", route: "/u", queue: "email", instance: "3" },
    });
    expect(memory.records).toEqual([]);
  });

  it("is undefined, reported, for a bad key or options that throw when read", () => {
    const { errors } = useMemory();
    expect(metricContext("" as string)).toBeUndefined();
    const options = {
      get tags(): never {
        throw new Error("getter");
      },
    };
    expect(metricContext("k", options)).toBeUndefined();
    expect(errors.map((error) => error.message)).toEqual([
      'key "" is not a non-empty string; not sent',
      '"k": its options threw Error: getter when read; not sent',
    ]);
  });
});
