import { describe, expect, it } from "vitest";
import { CompositeBackend } from "../src/composite.js";
import {
  addGlobalTags,
  configure,
  event,
  type MetricsBackend,
  type MetricsError,
  metrics,
  withTags,
} from "../src/index.js";
import { LoggingBackend } from "../src/logging.js";
import { MemoryBackend } from "../src/testing.js";
import { useMemory } from "./setup.js";

/** A backend with the five metric methods and no `event`, as plain StatsD. */
function eventless(): MetricsBackend {
  const memory = new MemoryBackend();
  return {
    incr: memory.incr.bind(memory),
    gauge: memory.gauge.bind(memory),
    distribution: memory.distribution.bind(memory),
    timing: memory.timing.bind(memory),
    set: memory.set.bind(memory),
    flush: () => memory.flush(),
    close: () => memory.close(),
  };
}

describe("event()", () => {
  it("reaches the backend with global, scoped and its own tags, without the prefix", () => {
    const { memory } = useMemory();
    configure({ prefix: "app", globalTags: { region: "eu", team: "core" } });
    const timestamp = new Date("2026-12-03T10:00:00Z");
    withTags({ team: "web", route: "/deploy" }, () =>
      metrics.event("Deploy finished", "v2 is live", {
        tags: { version: 2, region: null },
        instance: "i-1",
        alertType: "success",
        aggregationKey: "deploy",
        sourceTypeName: "ci",
        priority: "low",
        timestamp,
        hostname: "web-1",
      }),
    );
    expect(memory.events).toEqual([
      {
        title: "Deploy finished",
        text: "v2 is live",
        tags: { region: "eu", team: "web", route: "/deploy", version: "2", instance: "i-1" },
        alertType: "success",
        aggregationKey: "deploy",
        sourceTypeName: "ci",
        priority: "low",
        timestamp,
        hostname: "web-1",
      },
    ]);
    expect(memory.records).toEqual([]);
  });

  it("gives the backend only the fields that were given", () => {
    const received: unknown[] = [];
    const { memory } = useMemory();
    configure({
      backend: Object.assign(memory, {
        event: (...args: unknown[]) => received.push(args),
      }),
    });
    addGlobalTags({ service: "api" });
    event("Restarted", "");
    expect(received).toEqual([["Restarted", "", { service: "api" }, {}]]);
  });

  it("drops an event with a bad title, text or field, reporting once per title", () => {
    const { memory, errors } = useMemory();
    event("", "text");
    event(3 as never, "text");
    event("t", undefined as never);
    event("t2", "x", { alertType: "warn" as never });
    event("t2", "x", { alertType: "warn" as never });
    event("t3", "x", { priority: "high" as never });
    event("t4", "x", { timestamp: new Date(Number.NaN) });
    event("t5", "x", { hostname: 5 as never });
    event("t6", "x", {
      get tags(): never {
        throw new Error("getter");
      },
    });
    expect(memory.events).toEqual([]);
    expect(errors.map((error) => error.message)).toEqual([
      '"": event title "" is not a non-empty string; not sent',
      '"3": event title 3 is not a non-empty string; not sent',
      '"t": event text undefined is not a string; not sent',
      '"t2": event alertType "warn" is not one of "error", "warning", "info", "success"; not sent',
      '"t3": event priority "high" is not one of "normal", "low"; not sent',
      '"t4": event timestamp an object is not a Date; not sent',
      '"t5": event hostname 5 is not a string; not sent',
      '"t6": its options threw Error: getter when read; not sent',
    ]);
  });

  it("reports a backend without event() once, with the code unsupported", () => {
    const { errors } = useMemory();
    const backend = eventless();
    configure({ backend });
    event("a", "x");
    event("b", "x");
    configure({ backend: eventless() });
    event("c", "x");
    expect(errors.map((error) => [error.code, error.key, error.dropped])).toEqual([
      ["unsupported", "a", 1],
      ["unsupported", "c", 1],
    ]);
  });

  it("reports a backend whose event() throws, and returns", () => {
    const { memory, errors } = useMemory();
    memory.event = () => {
      throw new Error("socket gone");
    };
    expect(() => event("t", "x")).not.toThrow();
    expect(errors.map((error) => error.code)).toEqual(["backend_error"]);
  });

  it("costs nothing and reports nothing on the no-op backend", () => {
    const errors: MetricsError[] = [];
    configure({ onError: (error) => errors.push(error) });
    event("", undefined as never);
    expect(errors).toEqual([]);
  });
});

describe("events in core's backends", () => {
  it("LoggingBackend writes one line per event", () => {
    const lines: string[] = [];
    const logging = new LoggingBackend({ logger: (line) => lines.push(line) });
    logging.event(
      "Deploy",
      'v2 "live"',
      { service: "api" },
      {
        alertType: "success",
        timestamp: new Date("2026-12-03T10:00:00Z"),
      },
    );
    logging.event("Plain", "", {}, {});
    expect(lines).toEqual([
      '[metrics] event "Deploy" "v2 \\"live\\"" alertType=success timestamp=2026-12-03T10:00:00.000Z service=api',
      '[metrics] event "Plain" ""',
    ]);
  });

  it("CompositeBackend forwards to each child that takes events, reports each other child once", () => {
    const errors: MetricsError[] = [];
    const first = new MemoryBackend();
    const second = new MemoryBackend();
    const composite = new CompositeBackend([first, eventless(), second], {
      onError: (error) => errors.push(error),
    });
    composite.event("a", "x", { t: "1" }, { priority: "low" });
    composite.event("b", "y", {}, {});
    expect(first.events).toEqual(second.events);
    expect(first.events.map((e) => [e.title, e.tags, e.priority])).toEqual([
      ["a", { t: "1" }, "low"],
      ["b", {}, undefined],
    ]);
    expect(errors.map((error) => [error.code, error.key])).toEqual([["unsupported", "a"]]);
  });

  it("LoggingBackend's and CompositeBackend's bad options are a MetricsError", () => {
    expect(() => new LoggingBackend({ logger: "stdout" as never })).toThrow(
      expect.objectContaining({
        code: "invalid_option",
        message: "LoggingBackend: logger must be a function",
      }),
    );
    expect(() => new CompositeBackend(null as never)).toThrow(
      expect.objectContaining({ code: "invalid_option" }),
    );
    expect(() => new CompositeBackend([], { onError: 1 as never })).toThrow(
      /onError must be a function/,
    );
  });

  it("MemoryBackend drops events after close(), reported as closed", async () => {
    const errors: MetricsError[] = [];
    const memory = new MemoryBackend({ onError: (error) => errors.push(error) });
    await memory.close();
    memory.event("late", "x", {}, {});
    expect(memory.events).toEqual([]);
    expect(errors.map((error) => error.code)).toEqual(["closed"]);
  });
});
