// `@metrics/opentelemetry` and `@metrics/prometheus` through the facade against the same work
// on their peers' own APIs (the real SDK, prom-client), and a scrape of 10,000 series.
import { configure, type MetricsBackend, metrics } from "@metrics/core";
import { OpenTelemetryBackend } from "@metrics/opentelemetry";
import { PrometheusBackend } from "@metrics/prometheus";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { Counter, Registry } from "prom-client";
import { collectGarbage, interleaved, median, type SuiteReport } from "../harness.js";
import { Findings, formatNs, formatNumber, formatRatio, renderTable } from "../report.js";

const BATCH = 1_000;
const KEYS = Array.from({ length: 10 }, (_, i) => `bench.requests.k${i}`);
const ROUTES = Array.from({ length: 1_000 }, (_, i) => `/route/${i}`);

/** A reader that exports nothing: the SDK aggregates, nothing leaves the process. */
class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** prom-client counters with a `route` label, one per key, in `registry`. */
const promCounters = (registry: Registry) =>
  KEYS.map(
    (key) =>
      new Counter({
        name: `${key.replaceAll(".", "_")}_total`,
        help: key,
        labelNames: ["route"],
        registers: [registry],
      }),
  );

/** 100 contexts (10 keys × 10 routes) through the facade into `backend`. */
function facadeLoop(backend: MetricsBackend): () => number {
  return () => {
    configure({ backend });
    for (let i = 0; i < BATCH; i++)
      metrics.incr(KEYS[i % 10]!, { tags: { route: ROUTES[((i / 10) | 0) % 10]! } });
    return BATCH;
  };
}

export async function run(): Promise<SuiteReport> {
  const title = "OpenTelemetry and Prometheus: the facade vs the peer's own API";
  const found = new Findings();
  const batches: Record<string, () => number> = {};
  const otelCounters = new MeterProvider({ readers: [new IdleReader()] }).getMeter("bench");
  const otelDirect = KEYS.map((key) => otelCounters.createCounter(key));
  batches.otelDirect = () => {
    for (let i = 0; i < BATCH; i++)
      otelDirect[i % 10]!.add(1, { route: ROUTES[((i / 10) | 0) % 10]! });
    return BATCH;
  };
  const promDirect = promCounters(new Registry());
  batches.promDirect = () => {
    for (let i = 0; i < BATCH; i++)
      promDirect[i % 10]!.inc({ route: ROUTES[((i / 10) | 0) % 10]! });
    return BATCH;
  };
  const otelBackend = new OpenTelemetryBackend({
    meterProvider: new MeterProvider({ readers: [new IdleReader()] }),
  });
  const promBackend = new PrometheusBackend({ maxLabelSets: 1_000 });
  batches.otel = facadeLoop(otelBackend);
  batches.prom = facadeLoop(promBackend);
  collectGarbage();
  const ns = interleaved(batches, BATCH, 3, 300);

  const ratio = ns.otel! / ns.otelDirect!;
  const row = ["OpenTelemetry SDK: `incr` → `Counter.add(1, attributes)`", formatNs(ns.otel!)];
  found.rows.push([...row, formatNs(ns.otelDirect!), formatRatio(ratio)]);
  found.check(
    ratio <= 1.2,
    "OpenTelemetry: within 1.2× of `Counter.add` (the floor: every call ends in it)",
    formatRatio(ratio),
    `OpenTelemetry through the facade: ${formatRatio(ratio)} the SDK's \`Counter.add\` (floor)`,
  );
  const faster = ns.promDirect! / ns.prom!;
  const promRow = ["prom-client: `incr` → `Counter.inc(labels)`", formatNs(ns.prom!)];
  found.rows.push([...promRow, formatNs(ns.promDirect!), `${formatRatio(faster)} faster`]);
  found.check(
    faster >= 2,
    "Prometheus: ≥ 2× faster than prom-client's `inc(labels)` (sums handed over at scrape time)",
    `${formatRatio(faster)} faster`,
    `Prometheus through the facade: **${formatRatio(faster)}** faster than prom-client's \`inc\``,
  );

  // The scrape: 10 counters × 1,000 routes, through the facade and straight into prom-client.
  const scrapeRegistry = new Registry();
  const scrapeCounters = promCounters(scrapeRegistry);
  configure({ backend: promBackend });
  for (const [k, key] of KEYS.entries()) {
    for (const route of ROUTES) {
      metrics.incr(key, { tags: { route } });
      scrapeCounters[k]!.inc({ route });
    }
  }
  const ours: number[] = [];
  const peer: number[] = [];
  const time = async (list: number[], scrape: () => Promise<string>) => {
    collectGarbage();
    const start = performance.now();
    await scrape();
    list.push(performance.now() - start);
  };
  for (let round = 0; round < 15; round++) {
    await time(ours, () => promBackend.metrics());
    await time(peer, () => scrapeRegistry.metrics());
  }
  const scrapeRatio = median(ours) / median(peer);
  const scrape = [
    "scrape of 10,000 series (10 counters × 1,000 label sets), ms",
    formatNumber(median(ours), 2),
  ];
  found.rows.push([...scrape, formatNumber(median(peer), 2), formatRatio(scrapeRatio)]);
  found.check(
    scrapeRatio <= 1.2,
    "scrape of 10,000 series within 1.2× of prom-client alone (it renders through prom-client)",
    formatRatio(scrapeRatio),
    `Prometheus scrape of 10,000 series: ${formatRatio(scrapeRatio)} prom-client alone`,
  );
  await promBackend.close();
  await otelBackend.close();

  const markdown = [
    renderTable(
      [
        "work (100 contexts; real SDK / registry)",
        "@metrics facade → backend",
        "peer API directly",
        "ours / peer",
      ],
      found.rows,
    ),
    "",
    ...found.lines,
    "",
    'ns per call, median of 3 interleaved rounds of batches of 1,000 calls; `@opentelemetry/sdk-metrics` 2.12 with a reader that exports nothing, prom-client 15 counters with `labelNames: ["route"]`. The scrape: `metrics()` of each, median of 15 interleaved, a GC before each.',
  ].join("\n");
  return { title, markdown, summary: found.summary };
}
