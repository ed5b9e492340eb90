import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { configure, incr, noopBackend, timing } from "@metrics/core";
import * as Sentry from "@sentry/node";
import type { Suite, SuiteReport } from "../harness/suite.js";
import { timeCalls } from "../harness/timed-calls.js";
import { loadTransport } from "../harness/transports.js";
import { formatNumber, formatRatio, renderTable, verdict } from "../report/table.js";

const CALLS = 100_000;
const ROUNDS = 5;
const CONTEXTS = 100;
const ROUTES = Array.from({ length: CONTEXTS }, (_, i) => `/route/${i}`);

/** One row: how a call is made, timed over `CALLS` calls per round. */
interface Row {
  label: string;
  ours: boolean;
  call: (from: number, to: number) => void;
}

function rows(): { counters: Row[]; timings: Row[] } {
  return {
    counters: [
      {
        label: "`Sentry.metrics.count(name, 1, { attributes })` (the SDK's README way)",
        ours: false,
        call: (from, to) => {
          for (let i = from; i < to; i++) {
            Sentry.metrics.count("bench.requests", 1, {
              attributes: { route: ROUTES[i % CONTEXTS]!, method: "GET" },
            });
          }
        },
      },
      {
        label: "`metrics.incr(key, { tags })` into `SentryBackend`",
        ours: true,
        call: (from, to) => {
          for (let i = from; i < to; i++) {
            incr("bench.requests", { tags: { route: ROUTES[i % CONTEXTS]!, method: "GET" } });
          }
        },
      },
    ],
    timings: [
      {
        label: '`Sentry.metrics.distribution(name, s, { unit: "second", attributes })`',
        ours: false,
        call: (from, to) => {
          for (let i = from; i < to; i++) {
            Sentry.metrics.distribution("bench.latency", (i % 1000) / 1e4, {
              unit: "second",
              attributes: { route: ROUTES[i % CONTEXTS]!, method: "GET" },
            });
          }
        },
      },
      {
        label: "`metrics.timing(key, s, { tags })` into `SentryBackend`",
        ours: true,
        call: (from, to) => {
          for (let i = from; i < to; i++) {
            timing("bench.latency", (i % 1000) / 1e4, {
              tags: { route: ROUTES[i % CONTEXTS]!, method: "GET" },
            });
          }
        },
      },
    ],
  };
}

/** Median ms of `CALLS` calls per row, the rows taking turns round by round. */
async function measure(list: Row[]): Promise<number[]> {
  const times: number[][] = list.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, row] of list.entries()) {
      times[i]!.push(await timeCalls(row.call, CALLS));
      await Sentry.flush(5_000);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

function section(title: string, list: Row[], medians: number[]): string[] {
  const peer = medians[0]!;
  const ours = medians[1]!;
  const ratio = ours / peer;
  return [
    `#### ${title}, 2 tags, ${CONTEXTS} contexts, ${CALLS.toLocaleString("en-US")} calls`,
    "",
    renderTable({
      headers: ["", "ns/call", "vs the SDK"],
      rows: list.map((row, i) => [
        row.label,
        formatNumber((medians[i]! * 1e6) / CALLS),
        formatRatio(medians[i]! / peer),
      ]),
    }),
    "",
    // Every call goes to the SDK at once (the contract: so it links to the active span), so the
    // SDK's own call is the floor: the target is to stay within 1.2× of it.
    verdict(
      ratio <= 1.2,
      "within 1.2× of the SDK's own call (the peer is the floor)",
      formatRatio(ratio),
    ),
    "",
  ];
}

export const sentrySuite: Suite = {
  name: "sentry",
  description: "@metrics/sentry vs Sentry.metrics.* on the real SDK, sending to a loopback intake",
  async run(): Promise<SuiteReport> {
    const loaded = await loadTransport<{ sentry: typeof Sentry }>(
      "@metrics/sentry",
      "SentryBackend",
    );
    if (!loaded.ok) return { title: "Sentry: `@metrics/sentry`", markdown: loaded.reason };
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
    const backend = new loaded.Backend({ sentry: Sentry });
    configure({ backend });
    try {
      const { counters, timings } = rows();
      const counterTimes = await measure(counters);
      const timingTimes = await measure(timings);
      return {
        title: "Sentry: `@metrics/sentry` vs `Sentry.metrics`",
        markdown: [
          ...section("Counters", counters, counterTimes),
          ...section("Timings (distributions, unit second)", timings, timingTimes),
          `\`@sentry/node\` ${Sentry.SDK_VERSION}, initialised with a DSN to a loopback intake in the ` +
            `same process, which received ${envelopes.toLocaleString("en-US")} envelopes. The SDK ` +
            "buffers up to 1,000 metrics and copies that buffer on every call (`[...buffer, metric]`), in both rows.",
        ].join("\n"),
      };
    } finally {
      configure({ backend: noopBackend });
      await backend.close();
      await Sentry.close(5_000);
      intake.close();
    }
  },
};
