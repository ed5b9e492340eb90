import { describe, expect, it } from "vitest";
import {
  addGlobalTags,
  distribution,
  gauge,
  incr,
  set,
  time,
  timer,
  timing,
  withTags,
  wraps,
} from "../src/index.js";
import { useMemory } from "./setup.js";

const boom = () => {
  throw new Error("getter");
};

describe("bad input is dropped and reported, in words a person reads", () => {
  it("quotes strings, names objects, gives timing values in seconds", () => {
    const { memory, errors } = useMemory();
    incr("c", "3" as never);
    timing("t", "0.5" as never);
    set("s", {} as never);
    gauge("g", [] as never);
    distribution("d", 10n as never);
    incr("", 1);
    incr(7 as never, 1);
    gauge("rate", 1, { sampleRate: 2 });
    expect(memory.records).toEqual([]);
    expect(errors.map((error) => error.message)).toEqual([
      '"c": "3" is not a finite number; not sent',
      '"t": "0.5" is not a finite number of seconds; not sent',
      '"s": an object is not a string or finite number; not sent',
      '"g": an array is not a finite number; not sent',
      '"d": 10n is not a finite number; not sent',
      'key "" is not a non-empty string; not sent',
      "key 7 is not a non-empty string; not sent",
      '"rate": sample rate 2 is outside (0, 1]; not sent',
    ]);
  });

  it("drops a metric whose unit is not a string, reported once per key; others pass", () => {
    const { memory, errors } = useMemory();
    distribution("size", 1, { unit: 5 as never });
    distribution("size", 2, { unit: null as never });
    distribution("size", 3, { unit: "byte" });
    expect(memory.records.map((record) => [record.value, record.unit])).toEqual([[3, "byte"]]);
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      ["invalid_value", '"size": unit 5 is not a string; not sent'],
    ]);
  });

  it("drops a call whose options or tags throw when read; incr's amount getter too", () => {
    const { memory, errors } = useMemory();
    incr("a", {
      get amount(): number {
        return boom();
      },
    });
    gauge("b", 1, {
      tags: {
        get x(): string {
          return boom();
        },
      },
    });
    const proxy = new Proxy({}, { ownKeys: boom });
    distribution("c", 1, { tags: proxy });
    incr("ok");
    expect(memory.records.map((record) => record.key)).toEqual(["ok"]);
    expect(errors.map((error) => error.message)).toEqual([
      '"a": its options threw Error: getter when read; not sent',
      '"b": its options threw Error: getter when read; not sent',
      '"c": its options threw Error: getter when read; not sent',
    ]);
  });

  it("withTags and addGlobalTags drop tags they cannot read and still run fn", () => {
    const { memory, errors } = useMemory();
    const unreadable = new Proxy({}, { ownKeys: boom });
    addGlobalTags(unreadable);
    addGlobalTags({ region: "eu" });
    const result = withTags({ outer: "1" }, () =>
      withTags(unreadable, () => {
        incr("inside");
        return "ran";
      }),
    );
    expect(result).toBe("ran");
    expect(memory.records.map((record) => record.tags)).toEqual([{ region: "eu", outer: "1" }]);
    expect(errors.map((error) => [error.code, error.key])).toEqual([
      ["invalid_value", "addGlobalTags"],
      ["invalid_value", "withTags"],
    ]);
  });

  it("a timer whose options throw measures, emits nothing and is reported at start", () => {
    const { memory, errors } = useMemory();
    const t = timer("t", {
      get sampleRate(): number {
        return boom();
      },
    });
    expect(t.stop()).toBeGreaterThanOrEqual(0);
    expect(memory.records).toEqual([]);
    expect(errors.map((error) => error.key)).toEqual(["t"]);
  });
});

describe("time() and wraps with values that fight back", () => {
  it("returns an object whose then getter throws as it is, timed as a success", () => {
    const { memory } = useMemory();
    // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what is tested
    const hostile = Object.defineProperty({}, "then", { get: boom });
    expect(time("t", () => hostile)).toBe(hostile);
    expect(memory.find("t").map((record) => record.tags.result)).toEqual(["success"]);
  });

  it("returns a real promise whose constructor getter throws, timed as the failure awaiting it is", async () => {
    const { memory } = useMemory();
    const promise = Promise.resolve(5);
    Object.defineProperty(promise, "constructor", { get: boom });
    expect(time("p", () => promise)).toBe(promise);
    expect(memory.find("p")).toEqual([]);
    // `then` reads the throwing `constructor`: awaiting it rejects, for the caller as for time().
    await new Promise((resolve) => setImmediate(resolve));
    expect(memory.find("p").map((record) => record.tags.result)).toEqual(["failure"]);
  });

  it("times a thenable whose then throws when called as a failure", async () => {
    const { memory } = useMemory();
    // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what is tested
    const thenable = { then: boom };
    expect(time("th", () => thenable)).toBe(thenable);
    await new Promise((resolve) => setImmediate(resolve));
    expect(memory.find("th").map((record) => record.tags.result)).toEqual(["failure"]);
  });

  it("wraps(key)(notAFunction) reports and returns it unchanged", () => {
    const { errors } = useMemory();
    const notAFunction = { a: 1 };
    expect(wraps("w")(notAFunction as never)).toBe(notAFunction);
    expect(errors.map((error) => error.message)).toEqual([
      '"w": wraps() got an object, not a function; not sent',
    ]);
  });

  it("as a legacy decorator, wraps a method descriptor and reports a getter's unchanged", () => {
    const { memory, errors } = useMemory();
    const method = {
      value: (x: number) => x * 2,
      writable: true,
      enumerable: false,
      configurable: true,
    };
    const wrapped = wraps("m")({}, "double", method);
    expect(wrapped).toMatchObject({ writable: true, enumerable: false, configurable: true });
    expect(wrapped.value!(4)).toBe(8);
    expect(memory.find("m")).toHaveLength(1);
    const getter = { get: () => 1, configurable: true };
    expect(wraps("g")({}, "value", getter as never)).toBe(getter);
    expect(errors.map((error) => error.message)).toEqual([
      '"g": wraps() got undefined, not a function; not sent',
    ]);
  });

  it("keeps fn's this, arguments and result", () => {
    const { memory } = useMemory();
    const target = {
      base: 10,
      add: wraps("add")(function (this: { base: number }, a: number, b: number) {
        return this.base + a + b;
      }),
    };
    expect(target.add(1, 2)).toBe(13);
    expect(memory.find("add")).toHaveLength(1);
  });
});
