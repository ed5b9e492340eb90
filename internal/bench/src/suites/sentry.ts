// `@metrics/sentry` through the facade against `Sentry.metrics.*` on the real SDK, which sends
// to a loopback intake. Every call goes to the SDK at once (so it links to the active span):
// the SDK's own call is the floor, and the target is to stay within 1.2× of it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { configure, noopBackend } from "@metrics/core";
import { SentryBackend } from "@metrics/sentry";
import * as Sentry from "@sentry/node";
import {
  type CallRange,
  FACADE_CALLS,
  KEYS,
  median,
  msOf,
  sideBySide,
  TAGS,
  timeCalls,
} from "../harness.js";
import { Findings } from "../report.js";

const CALLS = 100_000;

/** The SDK's side of the workload, per metric type: what `FACADE_CALLS` does through ours. */
const SDK_CALLS = {
  counter: (from, to) => {
    for (let i = from; i < to; i++)
      Sentry.metrics.count(KEYS[i % 100]!, 1, { attributes: TAGS[i % 100] });
  },
  timing: (from, to) => {
    for (let i = from; i < to; i++) {
      const attributes = TAGS[i % 100];
      Sentry.metrics.distribution(KEYS[i % 100]!, msOf(i) / 1000, { unit: "second", attributes });
    }
  },
} satisfies Record<string, CallRange>;
const ROWS = {
  counter: "counters: `incr` vs `Sentry.metrics.count`",
  timing: "timings: `timing` vs `Sentry.metrics.distribution` (unit second)",
};

export async function run() {
  let envelopes = 0;
  const intake = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      envelopes++;
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => intake.listen(0, "127.0.0.1", resolve));
  const { port } = intake.address() as AddressInfo;
  Sentry.init({ dsn: `http://benchkey@127.0.0.1:${port}/1`, defaultIntegrations: false });
  const backend = new SentryBackend({ sentry: Sentry });
  configure({ backend });
  const found = new Findings();
  /** ns per call of one run, then the SDK's queue drained outside the timing. */
  const timed = async (callRange: CallRange) => {
    const ms = await timeCalls(callRange, CALLS);
    await Sentry.flush(5_000);
    return (ms * 1e6) / CALLS;
  };
  for (const kind of ["counter", "timing"] as const) {
    const runs = await sideBySide(
      () => timed(FACADE_CALLS[kind]),
      () => timed(SDK_CALLS[kind]),
      { rounds: 5 },
    );
    const times: [number, number] = [median(runs.ours), median(runs.peer)];
    found.nearFloor(ROWS[kind], times, `Sentry ${kind}s`, "the SDK's own call");
  }
  configure({ backend: noopBackend });
  await backend.close();
  await Sentry.close(5_000);
  intake.close();
  return found.report(
    "Sentry: `@metrics/sentry` vs `Sentry.metrics`",
    "100,000 calls, 100 contexts, 2 tags | facade → SentryBackend, ns/call | SDK directly, ns/call | ours / SDK",
    `\`@sentry/node\` ${Sentry.SDK_VERSION} with a DSN to a loopback intake in this process (${envelopes.toLocaleString("en-US")} envelopes received); median of 5 interleaved rounds, \`Sentry.flush()\` after each.`,
  );
}
