// shutdown.mjs: a service that runs until Ctrl-C (SIGINT) or `kill` (SIGTERM)
import { configure, metrics } from "@metrics/core";
import { StatsdBackend } from "@metrics/statsd";

configure({
  backend: new StatsdBackend({ host: "127.0.0.1", port: Number(process.env.STATSD_PORT || 8125) }),
  prefix: "myapp",
});

const work = setInterval(() => metrics.incr("ticks"), 10);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    clearInterval(work);
    await metrics.close(); // sends the last window (within the transport's deadline)
    process.exit(0);
  });
}
console.log("running; stop with Ctrl-C");
