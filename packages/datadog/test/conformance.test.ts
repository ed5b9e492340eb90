import { describeConformance, type ReceivedMetric, tagsFromPairs } from "@metrics/conformance";
import { Intake } from "@metrics/test-peers/datadog";
import { DatadogBackend } from "../dist/index.js";

const API_KEY = "conformance-key-51e0";

function tagsOf(tags: string[]): Record<string, string> {
  return tagsFromPairs(
    tags.map((tag) => {
      const colon = tag.indexOf(":");
      return colon === -1 ? [tag, ""] : [tag.slice(0, colon), tag.slice(colon + 1)];
    }),
  );
}

/** What the intake accepted, as the kit's records: sets arrive as gauges of their size. */
function decode(intake: Intake): ReceivedMetric[] {
  if (intake.violations.length > 0) throw new Error(intake.violations.join("\n"));
  const received: ReceivedMetric[] = [];
  for (const point of intake.series) {
    received.push({
      type: point.type === 1 ? "counter" : "gauge",
      key: point.metric,
      value: point.value,
      tags: tagsOf(point.tags),
      sampleRate: 1,
    });
  }
  for (const point of intake.distributions) {
    for (const value of point.values) {
      received.push({
        type: "distribution",
        key: point.metric,
        value,
        tags: tagsOf(point.tags),
        sampleRate: 1,
      });
    }
  }
  return received;
}

describeConformance("DatadogBackend", {
  wire: { timingType: "distribution", timingScale: 1000, setsArriveAs: "count-gauge" },
  async setup(onError) {
    const intake = await Intake.start(API_KEY);
    const backend = new DatadogBackend({
      apiKey: API_KEY,
      baseUrl: intake.url,
      flushIntervalMs: 3_600_000,
      onError,
    });
    return {
      backend,
      received: async () => {
        await intake.settle(50);
        return decode(intake);
      },
      teardown: () => intake.close(),
    };
  },
});
