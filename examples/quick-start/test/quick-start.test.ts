import { type StatsdDaemon, startStatsdDaemon } from "@metrics/test-peers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runScript } from "./run-script.js";

// The README's quick start, run with `node` as a new user would, against the real Etsy StatsD
// daemon. The script never calls flush() or close(): its metrics must leave the process when
// its event loop empties (the delivery rule "nothing lost at a natural exit").
describe("quick-start.mjs, run with node", () => {
  let daemon: StatsdDaemon;
  beforeEach(async () => {
    daemon = await startStatsdDaemon();
  });
  afterEach(async () => {
    await daemon.stop();
  });

  it("delivers every metric it emits, and exits by itself without an error", async () => {
    const { code, signal, stderr } = await runScript("quick-start.mjs", daemon.udpPort).exited;
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: "" });

    await daemon.settled();
    expect(await daemon.badLines()).toBe(0);
    const flush = await daemon.stop();
    expect(flush.counters).toMatchObject({
      "myapp.jobs.processed;queue=email": 1,
      "myapp.bytes.read;disk=a": 512,
      "myapp.requests;tenant=acme": 1,
    });
    expect(flush.gauges).toMatchObject({ "myapp.queue.depth": 10 });
    expect(flush.sets).toMatchObject({ "myapp.users.active": ["alice"] });
    expect(flush.timers["myapp.db.query"]).toEqual([42]);
    expect(flush.timers["myapp.payload.size"]).toEqual([2048]);
    const render = flush.timers["myapp.render;template=home;result=success"];
    expect(render).toHaveLength(1);
    expect(render?.[0]).toBeGreaterThanOrEqual(9); // it waited 10 ms (timers may fire early by 1)
  });
});
