import { describeConformance, type ReceivedMetric, tagsFromPairs } from "@metrics/conformance";
import { parseStatsdLine, type StatsdTagFormat, startLineSink } from "@metrics/test-peers";
import { StatsdBackend } from "../src/index.js";

const TYPES = { c: "counter", g: "gauge", ms: "distribution", s: "set" } as const;
const FORMATS: readonly StatsdTagFormat[] = ["dogstatsd", "graphite", "influx", "none"];

// Every protocol × tag format, each read back from a real socket by the strict StatsD parser.
for (const protocol of ["udp", "tcp", "uds"] as const) {
  for (const tagFormat of FORMATS) {
    describeConformance(`StatsdBackend (${protocol}, ${tagFormat})`, {
      // Plain StatsD has one `ms` type for timings and distributions alike; the sink reports
      // `ms` values as distributions, and timings carry milliseconds.
      wire: {
        timingType: "distribution",
        timingScale: 1000,
        setsArriveAs: "members",
        tags: tagFormat === "none" ? "dropped" : "kept",
      },
      async setup(onError) {
        const sink = await startLineSink(protocol);
        const backend = new StatsdBackend({ ...sink.target, tagFormat, onError });
        return {
          backend,
          async received() {
            const lines = (await sink.lines()).map((line) => parseStatsdLine(line, tagFormat));
            return lines.flatMap((line) =>
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
  }
}
