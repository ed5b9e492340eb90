import { describeConformance, type ReceivedMetric, tagsFromPairs } from "@metrics/conformance";
import { type ParsedLine, parseLine, startLineSink } from "@metrics/test-peers";
import { DogStatsdBackend } from "../src/index.js";

const TYPES = { c: "counter", g: "gauge", d: "distribution", ms: "timing", s: "set" } as const;

/** Decodes what the sink received (through the strict parser) into the kit's records. */
function decode(lines: ParsedLine[]): ReceivedMetric[] {
  const received: ReceivedMetric[] = [];
  for (const line of lines) {
    if (line.kind !== "metric" || line.type === "h") throw new Error("unexpected line");
    const tags = tagsFromPairs(
      line.tags.map((tag) => {
        const colon = tag.indexOf(":");
        return colon === -1 ? [tag, ""] : [tag.slice(0, colon), tag.slice(colon + 1)];
      }),
    );
    const base = { type: TYPES[line.type], key: line.name, tags, sampleRate: line.sampleRate };
    if (line.type === "s") received.push({ ...base, value: line.member! });
    else if (line.type === "c")
      received.push({ ...base, value: line.values.reduce((a, b) => a + b, 0) });
    else for (const value of line.values) received.push({ ...base, value });
  }
  return received;
}

// Every protocol, each read back from a real socket by the strict DogStatsD parser.
for (const protocol of ["udp", "uds", "tcp"] as const) {
  describeConformance(`DogStatsdBackend (${protocol})`, {
    wire: { timingType: "distribution", timingScale: 1000, setsArriveAs: "members" },
    async setup(onError) {
      const sink = await startLineSink(protocol);
      const backend = new DogStatsdBackend({ ...sink.target, onError });
      return {
        backend,
        received: async () => decode((await sink.lines()).map((line) => parseLine(line))),
        teardown: () => sink.close(),
      };
    },
  });
}
