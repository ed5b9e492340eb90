/**
 * The real Etsy StatsD daemon (npm `statsd` 0.9.0) of `@metrics/test-peers`, as a child process
 * on free loopback ports. It flushes only when it stops, so its admin port shows running totals:
 * counters and gauges are read from it once a second. Timer values (the admin port prints at most
 * 100 per timer) and set members (it has no admin command for sets) come from the final flush,
 * when the daemon stops. StatsD also accepts DogStatsD's `|#k:v` tags, so the DogStatsD transport
 * is shown against it too.
 */
import { type FinalFlush, startStatsdDaemon } from "@metrics/test-peers";
import { Received, type TagMap } from "../received.js";
import { ActivityLog, type Peer } from "./peer.js";

/** StatsD turns `name|#k:v` into the Graphite-tagged key `name;k=v`. */
function parseKey(key: string): [string, TagMap] {
  const [name = "", ...pairs] = key.split(";");
  const tags: TagMap = {};
  for (const pair of pairs) {
    const [tag = "", value = ""] = pair.split("=");
    tags[tag] = value;
  }
  return [name, tags];
}

/** The daemon's own `statsd.*` metrics are not the service's. */
const own = (key: string) => key.startsWith("statsd.");

function decode(flush: Partial<FinalFlush>): Received {
  const received = new Received();
  for (const [key, sum] of Object.entries(flush.counters ?? {})) {
    if (!own(key) && sum !== 0) received.counter(...parseKey(key), sum);
  }
  for (const [key, value] of Object.entries(flush.gauges ?? {})) {
    if (!own(key)) received.gauge(...parseKey(key), value);
  }
  for (const [key, ms] of Object.entries(flush.timers ?? {})) {
    if (ms.length > 0) received.timing(...parseKey(key), ms);
  }
  for (const [key, members] of Object.entries(flush.sets ?? {})) {
    for (const member of members) received.member(...parseKey(key), member);
  }
  return received;
}

/**
 * Starts the daemon; `received` is its live counters and gauges, then its whole final flush.
 *
 * @example
 * const peer = await startEtsyStatsd();
 * new StatsdBackend({ host: "127.0.0.1", port: peer.address.port });
 */
export async function startEtsyStatsd(): Promise<Peer> {
  const daemon = await startStatsdDaemon();
  // Never leave the daemon behind, whatever way the demo ends.
  const killOnExit = () => void daemon.stop();
  process.once("exit", killOnExit);
  let received = new Received();
  let metricsReceived = 0;
  const activity = new ActivityLog();

  return {
    description: `Etsy StatsD 0.9.0 at udp://127.0.0.1:${daemon.udpPort}`,
    address: { kind: "udp", host: "127.0.0.1", port: daemon.udpPort },
    get received() {
      return received;
    },
    async poll() {
      const [counters, gauges] = await Promise.all([daemon.counters(), daemon.gauges()]);
      received = decode({ counters, gauges });
      const total = counters["statsd.metrics_received"] ?? 0;
      if (total > metricsReceived) activity.push(`statsd: ${total - metricsReceived} lines read`);
      metricsReceived = total;
    },
    activity: () => activity.drain(),
    async stop() {
      // close() waited for the sends; settled() waits until the daemon has read them all, then
      // SIGTERM makes it run its final flush (every timer value and set member).
      await daemon.settled(50);
      received = decode(await daemon.stop());
      process.removeListener("exit", killOnExit);
    },
  };
}
