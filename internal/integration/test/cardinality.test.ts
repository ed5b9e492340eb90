import { close, configure, incr, type MetricsBackend, type MetricsError } from "@metrics/core";
import { limitCardinality } from "@metrics/core/layers";
import { DogStatsdBackend } from "@metrics/dogstatsd";
import { StatsdBackend } from "@metrics/statsd";
import { type StatsdDaemon, startStatsdDaemon, summarize, UdpSink } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";

const CALLS = 1_000_000;
let stop: (() => Promise<unknown>) | undefined;

afterEach(async () => {
  await close();
  await stop?.();
  stop = undefined;
});

/** 1,000,000 increments, each with a user id never seen before, through the layer. */
function emitUniqueUsers(transport: MetricsBackend, errors: MetricsError[]): void {
  const onError = (error: MetricsError) => errors.push(error);
  configure({ onError, backend: limitCardinality(transport, { maxTagSets: 100, onError }) });
  for (let i = 0; i < CALLS; i++) incr("app.logins", { tags: { user_id: `u${i}`, region: "eu" } });
}

describe("limitCardinality() in front of a real transport and server: 1,000,000 unique user ids", () => {
  it("reach the Etsy StatsD daemon as 101 tag sets, the total exact, one report", async () => {
    const daemon: StatsdDaemon = await startStatsdDaemon();
    stop = () => daemon.stop();
    const errors: MetricsError[] = [];
    emitUniqueUsers(
      new StatsdBackend({ port: daemon.udpPort, onError: (e) => errors.push(e) }),
      errors,
    );
    await close();
    await daemon.settled();

    const { counters } = await daemon.stop();
    const series = Object.entries(counters).filter(([key]) => key.startsWith("app.logins"));
    expect(series.length).toBe(101);
    expect(series.reduce((sum, [, count]) => sum + count, 0)).toBe(CALLS);
    expect(counters["app.logins;metric_overflow=true"]).toBe(CALLS - 100);
    expect(errors.map((error) => [error.code, error.key])).toEqual([["cardinality", "app.logins"]]);
  });

  it("reach the strict DogStatsD parser as 101 tag sets, the total exact, one report", async () => {
    const agent = await UdpSink.start();
    stop = () => agent.close();
    const errors: MetricsError[] = [];
    emitUniqueUsers(
      new DogStatsdBackend({ port: agent.port, onError: (e) => errors.push(e) }),
      errors,
    );
    await close();
    await agent.settle();

    const { counters } = summarize(agent.lines());
    const series = [...counters].filter(([context]) => context.startsWith("app.logins|"));
    expect(series.length).toBe(101);
    expect(series.reduce((sum, [, count]) => sum + count, 0)).toBe(CALLS);
    expect(counters.get("app.logins|c|metric_overflow:true")).toBe(CALLS - 100);
    expect(errors.map((error) => [error.code, error.key])).toEqual([["cardinality", "app.logins"]]);
  });
});
