import { describe, expect, it } from "vitest";
import { NO_TAGS, setup } from "./support/setup.js";

describe("events to /api/v1/events", () => {
  it("sends every field the API takes, with constant and call tags, validated by the intake", async () => {
    const { intake, backend, errors } = await setup({ tags: { env: "test" }, host: "web-1" });
    const when = new Date("2026-12-03T09:00:00Z");
    backend.event(
      "Deploy",
      'v42 "quoted" é\nline',
      { team: "core" },
      {
        alertType: "warning",
        priority: "low",
        aggregationKey: "deploys",
        sourceTypeName: "ci",
        timestamp: when,
        hostname: "build-7",
      },
    );
    backend.event("Plain", "", NO_TAGS, {});
    await backend.flush();
    expect(errors).toEqual([]);
    expect(intake.violations).toEqual([]);
    expect(intake.events).toEqual([
      {
        title: "Deploy",
        text: 'v42 "quoted" é\nline',
        tags: ["env:test", "team:core"],
        alertType: "warning",
        aggregationKey: "deploys",
        sourceTypeName: "ci",
        priority: "low",
        dateHappened: Math.floor(when.getTime() / 1000),
        host: "build-7",
      },
      {
        title: "Plain",
        text: "",
        tags: ["env:test"],
        alertType: undefined,
        aggregationKey: undefined,
        sourceTypeName: undefined,
        priority: undefined,
        dateHappened: undefined,
        host: "web-1",
      },
    ]);
  });

  it("cuts title and text to the API's limits and leaves out options of the wrong kind", async () => {
    const { intake, backend, errors } = await setup();
    backend.event("t".repeat(150), "x".repeat(5000), NO_TAGS, {
      alertType: "fatal" as never,
      priority: 3 as never,
      timestamp: new Date(Number.NaN),
    });
    await backend.flush();
    expect(errors).toEqual([]);
    expect(intake.violations).toEqual([]);
    expect(intake.events).toHaveLength(1);
    expect(intake.events[0]).toMatchObject({ alertType: undefined, priority: undefined });
    expect(intake.events[0]?.title).toHaveLength(100);
    expect(intake.events[0]?.text).toHaveLength(4000);
  });

  it("drops events after close(), reported as closed", async () => {
    const { intake, backend, errors } = await setup();
    await backend.close();
    backend.event("Late", "after close", NO_TAGS, {});
    expect(intake.events).toEqual([]);
    expect(errors.map((error) => [error.code, error.dropped])).toEqual([["closed", 1]]);
  });
});
