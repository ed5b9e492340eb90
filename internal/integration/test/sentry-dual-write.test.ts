import { close, configure, distribution, event, incr, type MetricsError } from "@metrics/core";
import { CompositeBackend } from "@metrics/core/composite";
import { route } from "@metrics/core/layers";
import { DogStatsdBackend } from "@metrics/dogstatsd";
import { StatsdBackend } from "@metrics/statsd";
import { type StatsdDaemon, startStatsdDaemon, summarize, UdpSink } from "@metrics/test-peers";
import { afterEach, describe, expect, it } from "vitest";

let daemon: StatsdDaemon | undefined;
let agent: UdpSink | undefined;

afterEach(async () => {
  await close();
  await daemon?.stop();
  await agent?.close();
  daemon = undefined;
  agent = undefined;
});

/** The daemon's own `statsd.*` counters left out. */
function userCounters(counters: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).filter(([k]) => !k.startsWith("statsd.")));
}

describe("Sentry's dual write with route(): Etsy StatsD primary, DogStatsD secondary", () => {
  it("sends secondary prefixes to the secondary, their distributions to both, the rest to the primary", async () => {
    daemon = await startStatsdDaemon();
    agent = await UdpSink.start();
    const errors: MetricsError[] = [];
    const onError = (error: MetricsError) => errors.push(error);
    const primary = new StatsdBackend({ port: daemon.udpPort, onError });
    const secondary = new DogStatsdBackend({ port: agent.port, onError });
    configure({
      prefix: "sentry",
      onError,
      backend: route(
        [
          {
            prefixes: ["sentry.ingest."],
            types: ["distribution"],
            backend: new CompositeBackend([primary, secondary]),
          },
          { prefixes: ["sentry.ingest."], backend: secondary },
        ],
        primary,
      ),
    });

    const sizes = Array.from({ length: 50 }, (_, i) => i + 1);
    for (const size of sizes) distribution("ingest.size", size, { tags: { kind: "event" } });
    for (let i = 0; i < 100; i++) incr("ingest.events", { tags: { kind: "event" } });
    for (let i = 0; i < 7; i++) incr("tasks.run");
    event("Deploy", "v2 is live"); // events go to the fallback, plain StatsD: reported once
    event("Deploy again", "v3");
    await close();
    await daemon.settled();
    await agent.settle();

    const primaryFlush = await daemon.stop();
    expect(userCounters(primaryFlush.counters)).toEqual({ "sentry.tasks.run": 7 });
    expect(Object.keys(primaryFlush.timers)).toEqual(["sentry.ingest.size;kind=event"]);
    const primarySizes = primaryFlush.timers["sentry.ingest.size;kind=event"]!;
    expect([...primarySizes].sort((a, b) => a - b)).toEqual(sizes);

    const seen = summarize(agent.lines());
    expect([...seen.counters]).toEqual([["sentry.ingest.events|c|kind:event", 100]]);
    expect([...seen.samples.keys()]).toEqual(["sentry.ingest.size|d|kind:event"]);
    const secondarySizes = seen.samples.get("sentry.ingest.size|d|kind:event")!;
    expect([...secondarySizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(errors.map((error) => [error.code, error.key])).toEqual([["unsupported", "Deploy"]]);
  });
});
