import { describeConformance } from "@metrics/conformance";
import { OpenTelemetryBackend } from "../src/index.js";
import { startInMemorySdk } from "./in-memory-sdk.js";

describeConformance("OpenTelemetryBackend", {
  // Histograms carry count, sum, min and max; timings are histograms in seconds; sets are an
  // observable gauge of the unique members since the last export.
  wire: {
    timingType: "distribution",
    timingScale: 1,
    setsArriveAs: "count-gauge",
    distributionsArriveAs: "histograms",
  },
  async setup(onError) {
    const sdk = startInMemorySdk();
    const backend = new OpenTelemetryBackend({ meterProvider: sdk.meterProvider, onError });
    return {
      backend,
      received: async () => sdk.received(),
      teardown: () => sdk.shutdown(),
    };
  },
});
