// `@metrics/opentelemetry` and `@metrics/prometheus` through the facade against the same work
// on their peers' own APIs (the real SDK, prom-client), and a scrape of 10,000 series.
import { configure, type MetricsBackend, metrics } from "@metrics/core";
import { OpenTelemetryBackend } from "@metrics/opentelemetry";
import { PrometheusBackend } from "@metrics/prometheus";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { Counter, Registry } from "prom-client";
import { collectGarbage, interleaved, median, type SuiteReport, sideBySide } from "../harness.js";
import { Findings, formatNumber, formatRatio } from "../report.js";

const BATCH = 1_000;
const KEYS = Array.from({ length: 10 }, (_, i) => `bench.requests.k${i}`);
const ROUTES = Array.from({ length: 1_000 }, (_, i) => `/route/${i}`);

/** A reader that exports nothing: the SDK aggregates, nothing leaves the process. */
class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}
const meterProvider = () => new MeterProvider({ readers: [new IdleReader()] });

/** prom-client counters with a `route` label, one per key, in `registry`. */
const promCounters = (registry: Registry) =>
  KEYS.map((key) => {
    const name = `${key.replaceAll(".", "_")}_total`;
    return new Counter({ name, help: key, labelNames: ["route"], registers: [registry] });
  });

/** 100 contexts (10 keys × 10 routes) through the facade into `backend`. */
const facadeLoop = (backend: MetricsBackend) => () => {
  configure({ backend });
  for (let i = 0; i < BATCH; i++)
    metrics.incr(KEYS[i % 10]!, { tags: { route: ROUTES[((i / 10) | 0) % 10]! } });
  return BATCH;
};

/** ms of one scrape, after a GC. */
async function scrapeMs(scrape: () => Promise<string>): Promise<number> {
  collectGarbage();
  const start = performance.now();
  await scrape();
  return performance.now() - start;
}

export async function run(): Promise<SuiteReport> {
  const found = new Findings();
  const otelMeter = meterProvider().getMeter("bench");
  const otelCounters = KEYS.map((key) => otelMeter.createCounter(key));
  const promDirect = promCounters(new Registry());
  const otelBackend = new OpenTelemetryBackend({ meterProvider: meterProvider() });
  const promBackend = new PrometheusBackend({ maxLabelSets: 1_000 });
  collectGarbage();
  const otelDirect = () => {
    for (let i = 0; i < BATCH; i++)
      otelCounters[i % 10]!.add(1, { route: ROUTES[((i / 10) | 0) % 10]! });
    return BATCH;
  };
  const promLoop = () => {
    for (let i = 0; i < BATCH; i++)
      promDirect[i % 10]!.inc({ route: ROUTES[((i / 10) | 0) % 10]! });
    return BATCH;
  };
  const batches = { otelDirect, promDirect: promLoop, otel: facadeLoop(otelBackend) };
  const ns = interleaved({ ...batches, prom: facadeLoop(promBackend) }, BATCH, { ms: 300 });
  const otelRow = "OpenTelemetry SDK: `incr` → `Counter.add(1, attributes)`";
  const otel = "OpenTelemetry through the facade";
  found.nearFloor(otelRow, [ns.otel!, ns.otelDirect!], otel, "the SDK's `Counter.add`");
  const faster = formatRatio(ns.promDirect! / ns.prom!);
  const promCells = [formatNumber(ns.prom!), formatNumber(ns.promDirect!), `${faster} faster`];
  found.rows.push(["prom-client: `incr` → `Counter.inc(labels)`", ...promCells]);
  found.check(
    ns.promDirect! / ns.prom! >= 2,
    "Prometheus: ≥ 2× faster than prom-client's `inc(labels)` (sums handed over at scrape time)",
    `${faster} faster`,
    `Prometheus through the facade: **${faster}** faster than prom-client's \`inc\``,
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
  const times = await sideBySide(
    () => scrapeMs(() => promBackend.metrics()),
    () => scrapeMs(() => scrapeRegistry.metrics()),
    { rounds: 15 },
  );
  const scrape = { subject: "Prometheus scrape of 10,000 series", baseline: "prom-client alone" };
  const scrapeRow = "scrape of 10,000 series (10 counters × 1,000 label sets), ms";
  found.within(scrapeRow, [median(times.ours), median(times.peer)], {
    ...scrape,
    limit: 1.2,
    unit: "ms",
  });
  await promBackend.close();
  await otelBackend.close();
  return found.report(
    "OpenTelemetry and Prometheus: the facade vs the peer's own API",
    "work (100 contexts; real SDK / registry) | @metrics facade → backend | peer API directly | ours / peer",
    'Every call of ours ends in `Counter.add` (the floor) or, at scrape time, in prom-client, which renders the scrape. ns per call, median of 3 interleaved rounds of batches of 1,000 calls; `@opentelemetry/sdk-metrics` 2.12 with a reader that exports nothing, prom-client 15 counters with `labelNames: ["route"]`. The scrape: `metrics()` of each, median of 15 interleaved, a GC before each.',
  );
}
