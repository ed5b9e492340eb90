// The pull/SDK destinations: @metrics/opentelemetry and @metrics/prometheus through the facade,
// against the same work written directly on their peers' APIs, in one process and one run.
import { configure, type MetricsBackend, metrics } from "@metrics/core";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { Counter, Registry } from "prom-client";
import { type BatchTask, runBatches } from "../harness/batched-bench.js";
import { collectGarbage } from "../harness/gc.js";
import type { Suite, SuiteReport } from "../harness/suite.js";
import { loadTransport } from "../harness/transports.js";
import { formatNs, formatNumber, formatRatio, renderTable, verdict } from "../report/table.js";

const BATCH = 1_000;
/** 10 keys × 10 routes: 100 contexts, as in the wire suites. */
const KEYS = Array.from({ length: 10 }, (_, i) => `bench.requests.k${i}`);
const ROUTES = Array.from({ length: 10 }, (_, i) => `/route/${i}`);
/** The scrape: 10 metrics × 1,000 label sets. */
const SCRAPE_ROUTES = Array.from({ length: 1_000 }, (_, i) => `/route/${i}`);
const SCRAPE_ROUNDS = 15;

/** A reader that exports nothing on its own: the SDK aggregates, nothing leaves the process. */
class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const promName = (key: string) => `${key.replaceAll(".", "_")}_total`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function run(): Promise<SuiteReport> {
  const otel = await loadTransport<object>("@metrics/opentelemetry", "OpenTelemetryBackend");
  const prom = await loadTransport<object>("@metrics/prometheus", "PrometheusBackend");
  if (!otel.ok || !prom.ok) {
    const reason = [otel, prom].flatMap((t) => (t.ok ? [] : [t.reason])).join("; ");
    return { title: "OpenTelemetry and Prometheus", markdown: `*not available*: ${reason}` };
  }

  // OpenTelemetry: the real SDK behind both rows, one provider each.
  const otelDirectProvider = new MeterProvider({ readers: [new IdleReader()] });
  const otelCounters = KEYS.map((key) => otelDirectProvider.getMeter("bench").createCounter(key));
  const otelBackend = new otel.Backend({
    meterProvider: new MeterProvider({ readers: [new IdleReader()] }),
  });
  // prom-client: one registry each, counters with a `route` label.
  const promDirect = new Registry();
  const promCounters = KEYS.map(
    (key) =>
      new Counter({
        name: promName(key),
        help: key,
        labelNames: ["route"],
        registers: [promDirect],
      }),
  );
  const promBackend = new prom.Backend({});

  // Each row writes its own loop around its own call, as an application's call sites are.
  const tasks: BatchTask[] = [
    {
      name: "otel-facade",
      ops: BATCH,
      run: () => {
        configure({ backend: otelBackend });
        for (let i = 0; i < BATCH; i++)
          metrics.incr(KEYS[i % 10]!, { tags: { route: ROUTES[((i / 10) | 0) % 10]! } });
      },
    },
    {
      name: "otel-direct",
      ops: BATCH,
      run: () => {
        for (let i = 0; i < BATCH; i++)
          otelCounters[i % 10]!.add(1, { route: ROUTES[((i / 10) | 0) % 10]! });
      },
    },
    {
      name: "prom-facade",
      ops: BATCH,
      run: () => {
        configure({ backend: promBackend });
        for (let i = 0; i < BATCH; i++)
          metrics.incr(KEYS[i % 10]!, { tags: { route: ROUTES[((i / 10) | 0) % 10]! } });
      },
    },
    {
      name: "prom-direct",
      ops: BATCH,
      run: () => {
        for (let i = 0; i < BATCH; i++)
          promCounters[i % 10]!.inc({ route: ROUTES[((i / 10) | 0) % 10]! });
      },
    },
  ];
  collectGarbage();
  const results = await runBatches(tasks, { timeMs: 600, warmupMs: 200 });
  const ns = (name: string) => results.get(name)!.nsPerOp;

  // Scraping 10,000 series: 10 counters × 1,000 routes, filled through each path.
  const scrapeBackend = new prom.Backend({ maxLabelSets: 1_000 }) as MetricsBackend & {
    metrics(): Promise<string>;
  };
  configure({ backend: scrapeBackend });
  const scrapeDirect = new Registry();
  const scrapeCounters = KEYS.map(
    (key) =>
      new Counter({
        name: promName(key),
        help: key,
        labelNames: ["route"],
        registers: [scrapeDirect],
      }),
  );
  for (const [k, key] of KEYS.entries()) {
    for (const route of SCRAPE_ROUTES) {
      metrics.incr(key, { tags: { route } });
      scrapeCounters[k]!.inc({ route });
    }
  }
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  let bytesOurs = 0;
  let bytesPeer = 0;
  for (let round = 0; round < SCRAPE_ROUNDS; round++) {
    collectGarbage();
    let start = performance.now();
    bytesOurs = (await scrapeBackend.metrics()).length;
    oursMs.push(performance.now() - start);
    collectGarbage();
    start = performance.now();
    bytesPeer = (await scrapeDirect.metrics()).length;
    peerMs.push(performance.now() - start);
  }
  await scrapeBackend.close();
  await promBackend.close();
  await otelBackend.close();

  const rows = [
    [
      "OpenTelemetry: `incr` with 1 tag → `Counter.add(1, attributes)`",
      ns("otel-facade"),
      ns("otel-direct"),
    ],
    [
      "prom-client: `incr` with 1 tag → `Counter.inc(labels)`",
      ns("prom-facade"),
      ns("prom-direct"),
    ],
  ] as const;
  const table = renderTable({
    headers: [
      "work (100 contexts, real SDK / registry)",
      "@metrics facade → backend, ns/call",
      "peer API directly, ns/call",
      "ours / peer",
    ],
    rows: rows.map(([label, ours, peer]) => [
      label,
      formatNs(ours),
      formatNs(peer),
      formatRatio(ours / peer),
    ]),
  });
  const scrapeOurs = median(oursMs);
  const scrapePeer = median(peerMs);
  const scrapeTable = renderTable({
    headers: [
      "scrape of 10,000 series (10 counters × 1,000 label sets)",
      "ms (median of 15)",
      "bytes",
    ],
    rows: [
      ["`PrometheusBackend#metrics()`", formatNumber(scrapeOurs, 2), formatNumber(bytesOurs, 0)],
      [
        "prom-client `Registry#metrics()` alone",
        formatNumber(scrapePeer, 2),
        formatNumber(bytesPeer, 0),
      ],
    ],
  });
  const [otelRow, promRow] = rows;
  const verdicts = [
    verdict(
      otelRow[1] / otelRow[2] <= 1.2,
      "OpenTelemetry: within 1.2× of `Counter.add` (the peer is the floor: every call ends in it)",
      formatRatio(otelRow[1] / otelRow[2]),
    ),
    verdict(
      promRow[2] / promRow[1] >= 2,
      "prom-client: ≥ 2× faster than `Counter.inc(labels)` (the backend adds to its own series and hands the sums to prom-client at scrape time, so the peer's call is not the floor)",
      `${formatRatio(promRow[2] / promRow[1])} faster`,
    ),
  ];
  verdicts.push(
    verdict(
      scrapeOurs / scrapePeer <= 1.2,
      "scrape of 10,000 series within 1.2× of prom-client alone (the backend renders through prom-client)",
      formatRatio(scrapeOurs / scrapePeer),
    ),
  );
  const markdown = [
    table,
    "",
    scrapeTable,
    "",
    ...verdicts,
    "",
    "The OpenTelemetry backend records every call through the SDK's `Counter.add`, so that call is the floor and the target is to stay within 1.2× of it. The Prometheus backend adds to a series it found by label value and gives prom-client one `inc` per series at each scrape, so its target is 2× below prom-client's own `inc(labels)`. The SDK rows use `@opentelemetry/sdk-metrics` 2.12 with a reader that exports nothing (aggregation only); batches of 1,000 calls, median batch.",
  ].join("\n");
  return { title: "OpenTelemetry and Prometheus: facade against the peer's own API", markdown };
}

export const destinationsSuite: Suite = {
  name: "destinations",
  description:
    "@metrics/opentelemetry and @metrics/prometheus against the OTel SDK and prom-client",
  run,
};
