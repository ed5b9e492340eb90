// The wire suite's sink, in a process of its own (this module run with the argument `sink`) so
// that decoding never takes CPU from the client under test: `@metrics/test-peers`' UDP and Unix
// datagram sinks keep datagrams raw while they arrive; on `settle` (nothing arrived for 250 ms)
// every line goes through the strict parsers (DogStatsD, then plain StatsD) and the totals a
// server would count go back over IPC.
import { type ChildProcess, fork } from "node:child_process";
import { parseLine, parseStatsdLine, UdpSink, UdsSink } from "@metrics/test-peers";

export interface WireTotals {
  datagrams: number;
  bytes: number;
  /** Sum over counter lines of value / rate: the count a server reports. */
  counterTotal: number;
  /** Timing and distribution values, each weighted 1 / rate, and their sum (ms). */
  values: number;
  valueSum: number;
  malformed: number;
}

type Command = "reset" | "settle" | "stop";

/** The parent's handle on the sink process: one command at a time, each answered once. */
export class Sink {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly path: string,
  ) {}
  static start(): Promise<Sink> {
    const child = fork(new URL(import.meta.url).pathname, ["sink"], {
      execArgv: ["--import", "tsx"],
    });
    return new Promise((resolve) =>
      child.once("message", (m: { port: number; path: string }) =>
        resolve(new Sink(child, m.port, m.path)),
      ),
    );
  }
  ask<T>(command: Command): Promise<T> {
    return new Promise((resolve) => {
      this.child.once("message", resolve);
      this.child.send(command);
    });
  }
  /** Waits for quiet, then what arrived on each socket since the last reset. */
  settle(): Promise<Record<"udp" | "uds", WireTotals>> {
    return this.ask("settle");
  }
}

function decode(payloads: Buffer[]): WireTotals {
  const totals = { datagrams: 0, bytes: 0, counterTotal: 0, values: 0, valueSum: 0, malformed: 0 };
  const add = (type: string, value: number, rate: number) => {
    if (type === "c") totals.counterTotal += value / rate;
    else if (type !== "g" && type !== "s") {
      totals.values += 1 / rate;
      totals.valueSum += value;
    }
  };
  for (const payload of payloads) {
    totals.datagrams++;
    totals.bytes += payload.length;
    for (const line of payload.toString("utf8").split("\n")) {
      if (line === "") continue;
      try {
        const metric = parseLine(line);
        if (metric.kind === "metric")
          for (const v of metric.values) add(metric.type, v, metric.sampleRate);
      } catch {
        try {
          for (const v of parseStatsdLine(line).values) add(v.type, Number(v.value), v.sampleRate);
        } catch {
          totals.malformed++;
        }
      }
    }
  }
  return totals;
}

if (process.argv[2] === "sink") {
  const udp = await UdpSink.start();
  const uds = await UdsSink.start();
  process.on("message", async (command: Command) => {
    if (command === "settle") {
      await Promise.all([udp.quiet(250), uds.quiet(250)]);
      process.send?.({ udp: decode(udp.payloads()), uds: decode(uds.payloads()) });
    } else if (command === "reset") {
      udp.clear();
      uds.clear();
      process.send?.({});
    } else {
      await Promise.all([udp.close(), uds.close()]);
      process.send?.({});
      process.disconnect();
    }
  });
  process.on("disconnect", () => void uds.close().then(() => process.exit(0)));
  process.send?.({ port: udp.port, path: uds.path });
}
