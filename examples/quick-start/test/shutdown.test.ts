import { type StatsdDaemon, startStatsdDaemon } from "@metrics/test-peers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runScript } from "./run-script.js";

// The README's shutdown code: a service that runs until a signal, then closes the backend
// (which sends the last window) and exits 0.
describe("shutdown.mjs", () => {
  let daemon: StatsdDaemon;
  beforeEach(async () => {
    daemon = await startStatsdDaemon();
  });
  afterEach(async () => {
    await daemon.stop();
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`on ${signal} sends what it holds and exits 0`, async () => {
      const script = runScript("shutdown.mjs", daemon.udpPort);
      await script.printed("running");
      // Long enough for ticks, shorter than the transport's 1 s window: what arrives was sent
      // by close(), not by a window that happened to end.
      await new Promise((resolve) => setTimeout(resolve, 200));
      script.child.kill(signal);
      const { code, stderr } = await script.exited;
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });

      await daemon.settled();
      const counters = await daemon.counters();
      expect(counters["myapp.ticks"]).toBeGreaterThan(0);
    });
  }
});
