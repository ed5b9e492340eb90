// The wire suites' peer: `@metrics/test-peers`' UDP and Unix datagram sinks in a process of their
// own (this module run with `sink <dialect>`), so that receiving and parsing never take CPU from
// the client under test. On `settle` (nothing arrived for 250 ms) every datagram goes through the
// dialect's strict parser and the totals a server would count go back over IPC.
import { parseDatagram, parseStatsdDatagrams, UdpSink, UdsSink } from "@metrics/test-peers";
import { type Peer, servePeer, startPeer } from "../harness.js";

export type Dialect = "statsd" | "dogstatsd";

/** What arrived on each socket since the last `reset`, once nothing arrived for 250 ms. */
export type Settled = Record<"udp" | "uds", ReturnType<typeof totalsOf>>;

/** The wire suites' sink: `ask("reset")`, then `ask<Settled>("settle")`. */
export type Sink = Peer<{ port: number; path: string }>;

export const startSink = (dialect: Dialect): Promise<Sink> =>
  startPeer(new URL(import.meta.url).pathname, ["sink", dialect]);

/** What a server counts: Σ value / rate of counters, values (each 1 / rate), their sum, errors. */
function totalsOf(payloads: Buffer[], dialect: Dialect) {
  const totals = { datagrams: payloads.length, counts: 0, values: 0, valueSum: 0, malformed: "" };
  const add = (type: string, value: number, rate: number) => {
    if (type === "c") totals.counts += value / rate;
    else if (type !== "g" && type !== "s") {
      totals.values += 1 / rate;
      totals.valueSum += value;
    }
  };
  try {
    if (dialect === "statsd") {
      for (const line of parseStatsdDatagrams(payloads))
        for (const v of line.values) add(v.type, Number(v.value), v.sampleRate);
    } else {
      for (const line of payloads.flatMap((payload) => parseDatagram(payload)))
        if (line.kind === "metric") for (const v of line.values) add(line.type, v, line.sampleRate);
    }
  } catch (error) {
    totals.malformed = String(error);
  }
  return totals;
}

if (process.argv[2] === "sink") {
  const dialect = process.argv[3] as Dialect;
  const sinks = { udp: await UdpSink.start(), uds: await UdsSink.start() };
  process.on("disconnect", () => void sinks.uds.close().then(() => process.exit(0)));
  servePeer(
    { port: sinks.udp.port, path: sinks.uds.path },
    {
      settle: async () => {
        await Promise.all([sinks.udp.quiet(250), sinks.uds.quiet(250)]);
        const [udp, uds] = [sinks.udp, sinks.uds].map((s) => totalsOf(s.payloads(), dialect));
        return { udp, uds };
      },
      reset: () => [sinks.udp, sinks.uds].forEach((sink) => sink.clear()),
    },
  );
}
