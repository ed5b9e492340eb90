import { describeConformance, type ReceivedMetric, tagsFromPairs } from "@metrics/conformance";
import type { ParsedLine } from "@metrics/test-peers";
import { type Sink, UdpSink, UdsSink } from "@metrics/test-peers";
import { DogStatsdBackend, type DogStatsdBackendOptions } from "../src/index.js";

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

const sinks: Array<[string, () => Promise<{ sink: Sink; options: DogStatsdBackendOptions }>]> = [
  [
    "udp",
    async () => {
      const sink = await UdpSink.start();
      return { sink, options: { protocol: "udp", port: sink.port } };
    },
  ],
  [
    "uds",
    async () => {
      const sink = await UdsSink.start();
      return { sink, options: { protocol: "uds", path: sink.path } };
    },
  ],
];

for (const [protocol, start] of sinks) {
  describeConformance(`DogStatsdBackend (${protocol})`, {
    wire: { timingType: "distribution", timingScale: 1000, setsArriveAs: "members" },
    async setup(onError) {
      const { sink, options } = await start();
      const backend = new DogStatsdBackend({ ...options, onError });
      return {
        backend,
        received: async () => {
          await sink.settle({ quietMs: 50 });
          return decode(sink.lines());
        },
        teardown: () => sink.close(),
      };
    },
  });
}
