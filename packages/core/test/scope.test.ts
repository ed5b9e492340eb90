import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { addGlobalTags, configure, incr, withTags } from "../src/index.js";
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

describe("call tags merged over global and scoped tags", () => {
  it("keep precedence and values across call sites, whatever the fast path remembers", () => {
    const { memory, errors } = useMemory();
    configure({ globalTags: { service: "api", region: "eu" } });
    withTags({ route: "/u", region: "us" }, () => {
      for (let i = 0; i < 3; i++) {
        // Six different name lists under one scope: more than the templates it keeps.
        incr("a", { tags: { id: `${i}` } });
        incr("b", { tags: { region: "ap", id: `${i}` } });
        incr("c", { tags: { x: "1", y: "2" } });
        incr("d", { tags: { y: "2", x: "1" } });
        incr("e", { tags: { route: "/v" } });
        incr("f", { tags: { n: 5, flag: true, gone: null } });
        incr("g", { tags: JSON.parse('{"__proto__": "p"}') });
        incr("h", { tags: { bad: {} as never, ok: "1" } });
      }
    });
    const tagsOf = (key: string) => memory.find(key).map((record) => record.tags);
    const scope = { service: "api", region: "us", route: "/u" };
    expect(tagsOf("a")).toEqual([0, 1, 2].map((i) => ({ ...scope, id: `${i}` })));
    expect(tagsOf("b")).toEqual([0, 1, 2].map((i) => ({ ...scope, region: "ap", id: `${i}` })));
    expect(tagsOf("c")).toEqual(Array(3).fill({ ...scope, x: "1", y: "2" }));
    expect(tagsOf("d")).toEqual(Array(3).fill({ ...scope, y: "2", x: "1" }));
    expect(tagsOf("e")).toEqual(Array(3).fill({ ...scope, route: "/v" }));
    expect(tagsOf("f")).toEqual(Array(3).fill({ ...scope, n: "5", flag: "true" }));
    for (const tags of tagsOf("g")) {
      expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
      expect(Object.keys(tags)).toEqual(["service", "region", "route", "__proto__"]);
    }
    expect(tagsOf("h")).toEqual(Array(3).fill({ ...scope, ok: "1" }));
    expect(errors.map((error) => [error.code, error.key])).toEqual([["invalid_tag", "h"]]);
  });

  it.each([[[]], [["--disallow-code-generation-from-strings"]]])(
    "are the same with node flags %j (the builders compile code, or copy where they cannot)",
    (flags) => {
      const script = fileURLToPath(new URL("./fixtures/merged-tags.mjs", import.meta.url));
      const dist = fileURLToPath(new URL("../dist/", import.meta.url));
      const output = execFileSync(
        process.execPath,
        [...flags, script, `${dist}index.js`, `${dist}testing.js`],
        { encoding: "utf8" },
      );
      expect(JSON.parse(output)).toEqual(
        [0, 1, 2].map((i) => ({ service: "api", region: "ap", route: "/u", id: `${i}` })),
      );
    },
  );

  it("follow global tags added after a scope began", () => {
    const { memory } = useMemory();
    withTags({ route: "/u" }, () => {
      incr("k", { tags: { a: "1" } });
      addGlobalTags({ service: "api", route: "/global" });
      incr("k", { tags: { a: "2" } });
    });
    expect(memory.find("k").map((record) => record.tags)).toEqual([
      { route: "/u", a: "1" },
      { service: "api", route: "/u", a: "2" },
    ]);
  });
});
