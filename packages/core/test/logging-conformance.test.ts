import { describeConformance, type ReceivedMetric } from "@metrics/conformance";
import { LoggingBackend } from "../src/logging.js";

const TYPES = ["counter", "gauge", "distribution", "timing", "set"] as const;

/** `[metrics] <type> <key> <value>[ms] [unit] [k=v,…] [@rate]`, as LoggingBackend writes it. */
function parseLogLine(line: string): ReceivedMetric {
  const [prefix, type, key, value, ...rest] = line.split(" ");
  const kind = TYPES.find((t) => t === type);
  if (prefix !== "[metrics]" || kind === undefined || key === undefined || value === undefined) {
    throw new Error(`not a metric line: ${JSON.stringify(line)}`);
  }
  const tags: Record<string, string> = {};
  let sampleRate = 1;
  for (const field of rest) {
    if (field.startsWith("@")) sampleRate = Number(field.slice(1));
    else if (field.includes("=")) {
      for (const pair of field.split(",")) {
        const [name, tag] = pair.split("=");
        tags[name!] = tag!;
      }
    }
  }
  const number = Number(kind === "timing" ? value.replace(/ms$/, "") : value);
  return { type: kind, key, value: kind === "set" ? value : number, tags, sampleRate };
}

// A log is for people, not a wire: the two hostile-text checks do not apply (see the kit).
describeConformance("LoggingBackend", {
  wire: { timingType: "timing", timingScale: 1000, setsArriveAs: "members", wireSafety: false },
  async setup(onError) {
    const lines: string[] = [];
    const backend = new LoggingBackend({ logger: (line) => lines.push(line), onError });
    return {
      backend,
      received: async () => lines.map(parseLogLine),
      teardown: async () => {},
    };
  },
});
