import type { PeerProtocol } from "./counting-peer.js";
import { TcpSink, UdpSink, UdsSink } from "./sinks.js";

/** A real socket of any protocol that keeps every line it receives. */
export interface LineSink {
  /** Backend options that point at this sink. */
  readonly target: { protocol: PeerProtocol; port?: number; path?: string };
  /** Waits until nothing has arrived for a moment, then every line so far, in order. */
  lines(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A UDP, Unix datagram or TCP socket on loopback that keeps every line it receives, for the
 * conformance kit and wire tests of every StatsD flavour.
 *
 * @example
 * ```ts
 * const sink = await startLineSink("tcp");
 * const backend = new StatsdBackend(sink.target);
 * backend.incr("a", 1, {}, 1);
 * await backend.flush();
 * await sink.lines(); // ["a:1|c"]
 * ```
 */
export async function startLineSink(protocol: PeerProtocol): Promise<LineSink> {
  if (protocol === "tcp") {
    const sink = await TcpSink.start();
    return {
      target: { protocol, port: sink.port },
      async lines() {
        let last = -1;
        while (sink.received.length !== last) {
          last = sink.received.length;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return [...sink.received];
      },
      close: () => sink.close(),
    };
  }
  const sink = protocol === "udp" ? await UdpSink.start() : await UdsSink.start();
  return {
    target: sink instanceof UdpSink ? { protocol, port: sink.port } : { protocol, path: sink.path },
    async lines() {
      await sink.quiet();
      return sink.payloads().flatMap((payload) => payload.toString("utf8").split("\n"));
    },
    close: () => sink.close(),
  };
}
