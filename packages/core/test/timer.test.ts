import { describe, expect, it } from "vitest";
import { time, timer, withTags, wraps } from "../src/index.js";
import { useMemory } from "./setup.js";

describe("timer, time and wraps (Sentry parity)", () => {
  it("timer: copies the tags, emits once at stop, returns the seconds", async () => {
    const { memory } = useMemory();
    const tags = { route: "/a" };
    const t = timer("op", { tags });
    t.tags.status = 200;
    expect(tags).toEqual({ route: "/a" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = t.stop();
    expect(t.stop()).toBe(seconds);
    expect(seconds).toBeGreaterThanOrEqual(0.015);
    expect(memory.records).toEqual([
      {
        type: "timing",
        key: "op",
        value: seconds,
        tags: { route: "/a", status: "200" },
        sampleRate: 1,
        unit: "second",
      },
    ]);
  });

  it("timer: `using` emits at scope exit", () => {
    const { memory } = useMemory();
    {
      using t = timer("scoped");
      t.tags.x = "y";
      expect(memory.records).toHaveLength(0);
    }
    expect(memory.records.map((r) => [r.key, r.tags])).toEqual([["scoped", { x: "y" }]]);
  });

  it("timer: keeps the withTags scope it started in", () => {
    const { memory } = useMemory();
    const t = withTags({ request: "r1" }, () => timer("late"));
    t.stop();
    expect(memory.records[0]!.tags).toEqual({ request: "r1" });
  });

  it("time: passes the tags to fn, tags result=success, returns fn's value", () => {
    const { memory } = useMemory();
    const value = time(
      "sync",
      (tags) => {
        tags.extra = "1";
        return 42;
      },
      { tags: { result: "caller", a: "b" } },
    );
    expect(value).toBe(42);
    expect(memory.records).toHaveLength(1);
    expect(memory.records[0]!.tags).toEqual({ a: "b", extra: "1", result: "success" });
  });

  it("time: rethrows the caller's error unchanged, tagged result=failure, emitted once", () => {
    const { memory } = useMemory();
    const error = new TypeError("caller's own");
    expect(() =>
      time("fails", () => {
        throw error;
      }),
    ).toThrow(error);
    expect(memory.records.map((r) => r.tags.result)).toEqual(["failure"]);
  });

  it("time: times an async fn until it settles and returns the same promise", async () => {
    const { memory } = useMemory();
    const promise = Promise.resolve("done");
    const returned = time("async", () => promise);
    expect(returned).toBe(promise);
    await expect(returned).resolves.toBe("done");
    await Promise.resolve();
    expect(memory.records.map((r) => r.tags.result)).toEqual(["success"]);

    const failure = new Error("async failure");
    const slow = time("async.fail", async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw failure;
    });
    expect(memory.find("async.fail")).toHaveLength(0);
    await expect(slow).rejects.toBe(failure);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const [record] = memory.find("async.fail");
    expect(record?.tags.result).toBe("failure");
    expect(record?.value as number).toBeGreaterThanOrEqual(0.005);
  });

  it("time: on the no-op backend runs fn with a copy of the tags, returns and rethrows as fn did", async () => {
    const tags = { route: "/a" };
    let seen: Record<string, unknown> | undefined;
    expect(
      time(
        "noop",
        (given) => {
          seen = given;
          given.extra = 1;
          return 42;
        },
        { tags },
      ),
    ).toBe(42);
    expect(seen).toEqual({ route: "/a", extra: 1 });
    expect(tags).toEqual({ route: "/a" });
    const failure = new Error("sync failure");
    expect(() =>
      time("noop", () => {
        throw failure;
      }),
    ).toThrow(failure);
    const promise = Promise.reject(failure);
    expect(time("noop", () => promise)).toBe(promise);
    await expect(promise).rejects.toBe(failure);
    // A backend configured afterwards receives later timings.
    const { memory } = useMemory();
    time("after", () => 1);
    expect(memory.find("after")).toHaveLength(1);
  });
  it("wraps: times every call, keeps `this` and arguments, returns the value", () => {
    const { memory } = useMemory();
    const add = wraps("add", { tags: { op: "+" } })(function addAll(
      this: { base: number },
      a: number,
      b: number,
    ) {
      return this.base + a + b;
    });
    expect(add.call({ base: 10 }, 1, 2)).toBe(13);
    expect(add.call({ base: 0 }, 1, 1)).toBe(2);
    expect(memory.records.map((r) => [r.key, r.tags])).toEqual([
      ["add", { op: "+", result: "success" }],
      ["add", { op: "+", result: "success" }],
    ]);
  });

  it("wraps: works as a TypeScript 5 method decorator", async () => {
    const { memory } = useMemory();
    class Repository {
      constructor(readonly rows: number[]) {}
      @wraps("repo.count")
      count() {
        return this.rows.length;
      }
      @wraps("repo.load", { tags: { table: "t" } })
      async load() {
        throw new Error("db down");
      }
    }
    const repository = new Repository([1, 2, 3]);
    expect(repository.count()).toBe(3);
    await expect(repository.load()).rejects.toThrow("db down");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(memory.records.map((r) => [r.key, r.tags])).toEqual([
      ["repo.count", { result: "success" }],
      ["repo.load", { table: "t", result: "failure" }],
    ]);
  });
});
