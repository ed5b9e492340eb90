import { describeConformance, type ReceivedMetric, tagsFromPairs } from "@metrics/conformance";
import { parseStatsdDatagrams, UdpSink } from "@metrics/test-peers";
import { StatsdBackend } from "../src/index.js";

const TYPES = { c: "counter", g: "gauge", ms: "distribution", s: "set" } as const;

describeConformance("StatsdBackend", {
  // Plain StatsD has one `ms` type for timings and distributions alike; the sink reports `ms`
  // values as distributions, and timings carry milliseconds.
  wire: { timingType: "distribution", timingScale: 1000, setsArriveAs: "members" },
  async setup(onError) {
    const sink = await UdpSink.start();
    const backend = new StatsdBackend({ port: sink.port, onError });
    return {
      backend,
      async received() {
        await sink.quiet();
        return parseStatsdDatagrams(sink.payloads()).flatMap((line) =>
          line.values.map(
            (v): ReceivedMetric => ({
              type: TYPES[v.type],
              key: line.name,
              value: v.type === "s" ? v.value : Number(v.value),
              tags: tagsFromPairs(line.tags),
              sampleRate: v.sampleRate,
            }),
          ),
        );
      },
      teardown: () => sink.close(),
    };
  },
});
