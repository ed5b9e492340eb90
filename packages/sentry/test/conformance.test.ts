import { describeConformance, type ReceivedMetric, tagsFromPairs } from "@metrics/conformance";
import { type EnvelopeEndpoint, startEnvelopeEndpoint, tagsOf } from "@metrics/test-peers/sentry";
import * as Sentry from "@sentry/node";
import { afterAll, expect } from "vitest";
import { SentryBackend } from "../src/index.js";

// One endpoint and one SDK for the file (Sentry.init sets a process-wide client); each test
// starts from an empty endpoint, and the kit closes (so flushes) each test's backend.
let endpoint: EnvelopeEndpoint | undefined;

afterAll(async () => {
  await Sentry.close(2_000);
  await endpoint?.close();
});

describeConformance("SentryBackend", {
  // Sentry has no set type: the backend sends the unique count per window as a gauge.
  wire: { timingType: "distribution", timingScale: 1, setsArriveAs: "count-gauge" },
  async setup(onError) {
    if (endpoint === undefined) {
      endpoint = await startEnvelopeEndpoint();
      Sentry.init({ dsn: endpoint.dsn(), defaultIntegrations: false, tracesSampleRate: 1 });
    }
    const sink = endpoint;
    sink.clear();
    const backend = new SentryBackend({ sentry: Sentry, onError });
    return {
      backend,
      async received() {
        await sink.quiet();
        expect(sink.violations).toEqual([]);
        return sink.metrics.map(
          (metric): ReceivedMetric => ({
            type: metric.type,
            key: metric.name,
            value: metric.value,
            tags: tagsFromPairs(tagsOf(metric)),
            sampleRate: 1,
          }),
        );
      },
      teardown: async () => {},
    };
  },
});
