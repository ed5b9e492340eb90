// `@metrics/sentry` through the facade against `Sentry.metrics.*` on the real SDK, which sends
// to a loopback intake. Every call goes to the SDK at once (so it links to the active span):
// the SDK's own call is the floor, and the target is to stay within 1.2× of it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { configure, incr, noopBackend, timing } from "@metrics/core";
import { SentryBackend } from "@metrics/sentry";
import * as Sentry from "@sentry/node";
import { type CallRange, median, type SuiteReport, timeCalls } from "../harness.js";
import { Findings, formatNumber, formatRatio, renderTable } from "../report.js";

const CALLS = 100_000;
const ROUTES = Array.from({ length: 100 }, (_, i) => `/route/${i}`);

const WORKLOADS: Array<[string, CallRange, CallRange]> = [
  [
    "counters: `Sentry.metrics.count` vs `incr`",
    (from, to) => {
      for (let i = from; i < to; i++)
        Sentry.metrics.count("bench.requests", 1, {
          attributes: { route: ROUTES[i % 100]!, method: "GET" },
        });
    },
    (from, to) => {
      for (let i = from; i < to; i++)
        incr("bench.requests", { tags: { route: ROUTES[i % 100]!, method: "GET" } });
    },
  ],
  [
    "timings: `Sentry.metrics.distribution` (unit second) vs `timing`",
    (from, to) => {
      for (let i = from; i < to; i++)
        Sentry.metrics.distribution("bench.latency", (i % 1000) / 1e4, {
          unit: "second",
          attributes: { route: ROUTES[i % 100]!, method: "GET" },
        });
    },
    (from, to) => {
      for (let i = from; i < to; i++)
        timing("bench.latency", (i % 1000) / 1e4, {
          tags: { route: ROUTES[i % 100]!, method: "GET" },
        });
    },
  ],
];

export async function run(): Promise<SuiteReport> {
  const title = "Sentry: `@metrics/sentry` vs `Sentry.metrics`";
  let envelopes = 0;
  const intake = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      envelopes++;
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => intake.listen(0, "127.0.0.1", resolve));
  Sentry.init({
    dsn: `http://benchkey@127.0.0.1:${(intake.address() as AddressInfo).port}/1`,
    defaultIntegrations: false,
  });
  const backend = new SentryBackend({ sentry: Sentry });
  configure({ backend });
  const found = new Findings();
  for (const [label, sdk, facade] of WORKLOADS) {
    const times: [number[], number[]] = [[], []];
    for (let round = 0; round < 5; round++) {
      for (const [i, call] of [sdk, facade].entries()) {
        times[i]!.push(await timeCalls(call, CALLS));
        await Sentry.flush(5_000);
      }
    }
    const [peer, ours] = times.map((t) => (median(t) * 1e6) / CALLS) as [number, number];
    const [kind] = label.split(":");
    found.rows.push([label, formatNumber(ours), formatNumber(peer), formatRatio(ours / peer)]);
    const summary = `Sentry ${kind}: ${formatRatio(ours / peer)} the SDK's own call (floor)`;
    found.check(
      ours / peer <= 1.2,
      `${kind}: within 1.2× of the SDK's own call (the floor)`,
      formatRatio(ours / peer),
      summary,
    );
  }
  configure({ backend: noopBackend });
  await backend.close();
  await Sentry.close(5_000);
  intake.close();
  const markdown = [
    renderTable(
      [
        "100,000 calls, 100 contexts, 2 tags",
        "facade → SentryBackend, ns/call",
        "SDK directly, ns/call",
        "ours / SDK",
      ],
      found.rows,
    ),
    "",
    ...found.lines,
    "",
    `\`@sentry/node\` ${Sentry.SDK_VERSION} with a DSN to a loopback intake in this process (${envelopes.toLocaleString("en-US")} envelopes received); median of 5 interleaved rounds, \`Sentry.flush()\` after each.`,
  ].join("\n");
  return { title, markdown, summary: found.summary };
}
