import { parseLine } from "./dogstatsd-parser.js";
import { startStatsdDaemon } from "./etsy-daemon.js";
import { TcpSink, UdpSink, UdsSink } from "./sinks.js";
import { contextOf, summarize } from "./summarize.js";

/** The three ways a StatsD-family transport reaches its server. */
export type PeerProtocol = "udp" | "tcp" | "uds";

/** What a peer ended up with, per key sent without tags. */
export interface PeerTotals {
  /** Σ amount / rate of a counter key; 0 when nothing arrived. */
  counter(key: string): number;
  /** Every value of a timer / distribution / histogram key. */
  values(key: string): number[];
  /** True if any line of `key` arrived, whatever its type. */
  has(key: string): boolean;
}

/**
 * A real peer that a delivery test sends to and reads totals back from: the Etsy StatsD daemon,
 * or the strict DogStatsD parser behind a real UDP, Unix datagram or TCP socket.
 */
export interface CountingPeer {
  readonly protocol: PeerProtocol;
  /** Backend options that point at this peer. */
  readonly target: { protocol: PeerProtocol; port?: number; path?: string };
  /** Waits until nothing more arrives, then what arrived. Call once, at the end. */
  totals(): Promise<PeerTotals>;
  /** Unix sockets only: the receiver goes away (socket file removed) and comes back after `ms`. */
  restartAfter?(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Etsy StatsD daemon (UDP, or TCP besides it) as a counting peer; `totals()` stops it and
 * reads its final flush.
 *
 * @example
 * ```ts
 * const peer = await startEtsyPeer("tcp");
 * const backend = new StatsdBackend(peer.target);
 * ```
 */
export async function startEtsyPeer(protocol: "udp" | "tcp"): Promise<CountingPeer> {
  const daemon = await startStatsdDaemon({ tcp: protocol === "tcp" });
  const port = protocol === "tcp" ? (daemon.tcpPort as number) : daemon.udpPort;
  return {
    protocol,
    target: { protocol, port },
    async totals() {
      await daemon.settled();
      const final = await daemon.stop();
      return {
        counter: (key) => final.counters[key] ?? 0,
        values: (key) => final.timers[key] ?? [],
        has: (key) =>
          key in final.counters || key in final.timers || key in final.gauges || key in final.sets,
      };
    },
    close: async () => {
      await daemon.stop();
    },
  };
}

/**
 * The strict DogStatsD parser behind a real socket as a counting peer: every line must parse, or
 * `totals()` throws.
 *
 * @example
 * ```ts
 * const peer = await startDogStatsdPeer("uds");
 * const backend = new DogStatsdBackend(peer.target);
 * ```
 */
export async function startDogStatsdPeer(protocol: PeerProtocol): Promise<CountingPeer> {
  if (protocol === "tcp") {
    const sink = await TcpSink.start();
    return {
      protocol,
      target: { protocol, port: sink.port },
      async totals() {
        await quietLines(() => sink.received.length);
        return totalsOf(summarize(sink.received.map((line) => parseLine(line))));
      },
      close: () => sink.close(),
    };
  }
  const sink = protocol === "udp" ? await UdpSink.start() : await UdsSink.start();
  const peer: CountingPeer = {
    protocol,
    target: sink instanceof UdpSink ? { protocol, port: sink.port } : { protocol, path: sink.path },
    async totals() {
      await sink.settle({ quietMs: 100 });
      return totalsOf(summarize(sink.lines()));
    },
    close: () => sink.close(),
  };
  if (sink instanceof UdsSink) {
    peer.restartAfter = async (ms) => {
      await sink.stop();
      await new Promise((resolve) => setTimeout(resolve, ms));
      await sink.listen();
    };
  }
  return peer;
}

function totalsOf(summary: ReturnType<typeof summarize>): PeerTotals {
  const names = new Set(summary.metrics.map((metric) => metric.name));
  return {
    counter: (key) => summary.counters.get(contextOf(key, "c", [])) ?? 0,
    values: (key) =>
      ["d", "h", "ms"].flatMap((type) => summary.samples.get(contextOf(key, type, [])) ?? []),
    has: (key) => names.has(key),
  };
}

/** Resolves once `count()` has not changed for 100 ms. */
async function quietLines(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
