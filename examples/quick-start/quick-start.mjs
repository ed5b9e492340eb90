// quick-start.mjs: `node quick-start.mjs` sends to a StatsD server on 127.0.0.1:8125
import { configure, metrics } from "@metrics/core";
import { StatsdBackend } from "@metrics/statsd";

// Once, at startup, in the application (a library only calls metrics.*):
configure({
  backend: new StatsdBackend({ host: "127.0.0.1", port: Number(process.env.STATSD_PORT || 8125) }),
  prefix: "myapp",
});

// Anywhere, in libraries too (before configure, calls cost ~nothing and go nowhere):
metrics.incr("jobs.processed", { tags: { queue: "email" } });
metrics.incr("bytes.read", 512, { tags: { disk: "a" } });
metrics.gauge("queue.depth", 10);
metrics.distribution("payload.size", 2048, { unit: "byte" });
metrics.timing("db.query", 0.042); // seconds, Sentry's convention; StatsD gets 42 ms
metrics.set("users.active", "alice");

await metrics.time("render", async (tags) => {
  tags.template = "home"; // tagged result:success or result:failure, timed until it settles
  await new Promise((resolve) => setTimeout(resolve, 10));
});

await metrics.withTags({ tenant: "acme" }, async () => {
  metrics.incr("requests"); // carries tenant:acme, across awaits
});

// Nothing else to do: when the script ends, the backend sends what it holds.
