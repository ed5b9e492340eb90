import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describeConformance, type ReceivedMetric } from "@metrics/conformance";
import { PrometheusBackend } from "../src/index.js";
import { parseExposition, type Sample } from "./exposition-parser.js";

/** The key a name came from, for the kit's keys (dots only): `_` back to `.`, suffix off. */
function keyOf(name: string, suffix?: string): string {
  const base = suffix !== undefined && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
  return base.replaceAll("_", ".");
}

/** A scrape as the kit's metrics: counters, gauges, and histograms from `_sum` and `_count`. */
function decode(samples: Sample[]): ReceivedMetric[] {
  const received: ReceivedMetric[] = [];
  const histograms = new Map<string, ReceivedMetric>();
  for (const sample of samples) {
    if (sample.type === "counter") {
      const key = keyOf(sample.family, "_total");
      received.push({
        type: "counter",
        key,
        value: sample.value,
        tags: sample.labels,
        sampleRate: 1,
      });
    } else if (sample.type === "gauge") {
      const key = keyOf(sample.family);
      received.push({
        type: "gauge",
        key,
        value: sample.value,
        tags: sample.labels,
        sampleRate: 1,
      });
    } else if (sample.type === "histogram" && sample.name !== `${sample.family}_bucket`) {
      const id = `${sample.family} ${JSON.stringify(sample.labels)}`;
      let histogram = histograms.get(id);
      if (histogram === undefined) {
        const key = keyOf(sample.family, "_seconds");
        histogram = {
          type: "distribution",
          key,
          value: 0,
          count: 0,
          tags: sample.labels,
          sampleRate: 1,
        };
        histograms.set(id, histogram);
        received.push(histogram);
      }
      if (sample.name.endsWith("_sum")) histogram.value = sample.value;
      else histogram.count = sample.value;
    }
  }
  return received;
}

describeConformance("PrometheusBackend", {
  // Prometheus histograms carry count and sum; timings are histograms in seconds; sets are a
  // gauge of the unique members of the last window (flush() ends a window). A label with an
  // empty value is no label to Prometheus, so a missing tag (an empty label) reads as absent.
  wire: {
    timingType: "distribution",
    timingScale: 1,
    setsArriveAs: "count-gauge",
    distributionsArriveAs: "histograms",
    emptyTagValueIsAbsent: true,
  },
  async setup(onError) {
    const backend = new PrometheusBackend({ onError });
    // The scrape goes through the backend's handler on a server of the test's own, which stays up
    // after the backend is closed.
    const server = createServer((req, res) => backend.handler(req, res)).listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    return {
      backend,
      async received() {
        const response = await fetch(url);
        if (response.headers.get("content-type") !== backend.contentType) {
          throw new Error(`content type ${response.headers.get("content-type")}`);
        }
        return decode(parseExposition(await response.text()));
      },
      async teardown() {
        server.closeAllConnections();
        server.close();
        await once(server, "close");
      },
    };
  },
});
