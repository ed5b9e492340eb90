// Run in a fresh `node` process (no tsx, no flags): imports one library, constructs its client as
// an application would at startup, and prints what that cost as one JSON line. Plain JavaScript
// so that nothing but the library itself is loaded.
const start = performance.now();
const rssBefore = process.memoryUsage().rss;

const LOOPBACK = { host: "127.0.0.1", port: 9 }; // the discard port: nothing listens, nothing waits

const cases = {
  // What every row pays anyway: the first dynamic import, of a module that holds nothing.
  "(empty module)": async () => {
    await import("./empty-module.mjs");
  },
  "@metrics/core": async () => {
    const { configure } = await import("@metrics/core");
    const { LoggingBackend } = await import("@metrics/core/logging");
    configure({ backend: new LoggingBackend({ logger: () => {} }) });
  },
  "@metrics/statsd": async () => {
    const { configure } = await import("@metrics/core");
    const { StatsdBackend } = await import("@metrics/statsd");
    configure({ backend: new StatsdBackend({ ...LOOPBACK, protocol: "udp" }) });
  },
  "@metrics/dogstatsd": async () => {
    const { configure } = await import("@metrics/core");
    const { DogStatsdBackend } = await import("@metrics/dogstatsd");
    configure({ backend: new DogStatsdBackend({ ...LOOPBACK, protocol: "udp" }) });
  },
  "@metrics/datadog": async () => {
    const { configure } = await import("@metrics/core");
    const { DatadogBackend } = await import("@metrics/datadog");
    configure({
      backend: new DatadogBackend({ apiKey: "bench-not-a-key", baseUrl: "http://127.0.0.1:9" }),
    });
  },
  "hot-shots": async () => {
    const { StatsD } = await import("hot-shots");
    new StatsD({ ...LOOPBACK, protocol: "udp", datadog: false, includeDataDogTags: false });
  },
  "datadog-metrics": async () => {
    const { default: datadogMetrics } = await import("datadog-metrics");
    new datadogMetrics.BufferedMetricsLogger({
      apiKey: "bench-not-a-key",
      flushIntervalSeconds: 0,
    });
  },
  "@opentelemetry/api": async () => {
    const { metrics } = await import("@opentelemetry/api");
    metrics.getMeter("bench").createCounter("k");
  },
};

const name = process.argv[2];
const run = cases[name];
if (!run) {
  console.error(`unknown library ${name}; one of ${Object.keys(cases).join(", ")}`);
  process.exit(2);
}
try {
  await run();
  const ms = performance.now() - start;
  const rss = process.memoryUsage().rss;
  process.stdout.write(`${JSON.stringify({ ms, rss, rssDelta: rss - rssBefore })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: String(error).split("\n")[0] })}\n`);
}
// The clients hold sockets or timers; the measurement is done.
process.exit(0);
