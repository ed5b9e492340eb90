// Run in a fresh `node` process (no tsx, no flags): imports one library, constructs its client as
// an application would at startup, and prints what that cost as one JSON line. Plain JavaScript
// so that nothing but the library itself is loaded.
const start = performance.now();
const rssBefore = process.memoryUsage().rss;

const LOOPBACK = { host: "127.0.0.1", port: 9 }; // the discard port: nothing listens, nothing waits
const INTAKE = process.argv[3]; // the first-flush rows' loopback intake, outside this process

/** 1,000 counters and 1,000 distribution values, as an application's first window might hold. */
function firstWindow(count, distribution) {
  for (let i = 0; i < 1000; i++) count(`startup.count.${i % 100}`, String(i % 10));
  for (let i = 0; i < 1000; i++) distribution(`startup.latency.${i % 10}`, i / 10);
}

/** The facade configured with `@metrics/datadog` sending to `baseUrl`; the facade's module. */
async function ourDatadog(baseUrl) {
  const core = await import("@metrics/core");
  const { DatadogBackend } = await import("@metrics/datadog");
  core.configure({ backend: new DatadogBackend({ apiKey: "bench-not-a-key", baseUrl }) });
  return core;
}

/** datadog-metrics' logger, its own flush timer off. */
async function theirLogger() {
  const { default: datadogMetrics } = await import("datadog-metrics");
  const options = { apiKey: "bench-not-a-key", flushIntervalSeconds: 0 };
  return new datadogMetrics.BufferedMetricsLogger(options);
}

const cases = {
  // What every row pays anyway: the first dynamic import, of a module that holds nothing.
  "(empty module)": () => import("./empty-module.mjs"),
  "@metrics/core": async () => {
    const { configure } = await import("@metrics/core");
    const { LoggingBackend } = await import("@metrics/core/logging");
    configure({ backend: new LoggingBackend({ logger: () => {} }) });
  },
  "@metrics/dogstatsd": async () => {
    const { configure } = await import("@metrics/core");
    const { DogStatsdBackend } = await import("@metrics/dogstatsd");
    configure({ backend: new DogStatsdBackend({ ...LOOPBACK, protocol: "udp" }) });
  },
  "@metrics/datadog": () => ourDatadog("http://127.0.0.1:9"),
  "@metrics/datadog + first flush": async () => {
    const { distribution, flush, incr } = await ourDatadog(INTAKE);
    firstWindow(
      (key, shard) => incr(key, { tags: { shard } }),
      (key, value) => distribution(key, value, { tags: { env: "bench" } }),
    );
    await flush();
  },
  "datadog-metrics": () => theirLogger(),
  "datadog-metrics + first flush": async () => {
    const { rerouteHttpsTo } = await import("./reroute-https.mjs");
    rerouteHttpsTo(INTAKE);
    const logger = await theirLogger();
    firstWindow(
      (key, shard) => logger.increment(key, 1, [`shard:${shard}`]),
      (key, value) => logger.distribution(key, value, ["env:bench"]),
    );
    await logger.flush();
  },
  "hot-shots": async () => {
    const { StatsD } = await import("hot-shots");
    new StatsD({ ...LOOPBACK, protocol: "udp", datadog: false, includeDataDogTags: false });
  },
  "@opentelemetry/api": async () => {
    const { metrics } = await import("@opentelemetry/api");
    metrics.getMeter("bench").createCounter("k");
  },
};

const run = cases[process.argv[2]];
try {
  if (!run) throw new Error(`unknown library; one of ${Object.keys(cases).join(", ")}`);
  await run();
  const ms = performance.now() - start;
  const rss = process.memoryUsage().rss - rssBefore;
  process.stdout.write(`${JSON.stringify({ ms, rss })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: String(error).split("\n")[0] })}\n`);
}
process.exit(0); // the clients hold sockets or timers; the measurement is done
