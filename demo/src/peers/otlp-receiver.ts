/**
 * A loopback OTLP/HTTP receiver for `POST /v1/metrics` with JSON bodies (what
 * `@opentelemetry/exporter-metrics-otlp-http` sends), decoding every data point. Written here
 * because the package's receiver lives in its tests, which are not importable. The SDK exports
 * cumulative sums and histograms: the latest point of each stream is what a backend would hold.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Buckets } from "../histogram-quantile.js";
import { Received, type TagMap } from "../received.js";
import { ActivityLog, type Peer } from "./peer.js";

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number };
}

interface OtlpPoint {
  attributes?: OtlpAttribute[];
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
  sum?: number;
  explicitBounds?: number[];
  bucketCounts?: (string | number)[];
}

interface OtlpMetric {
  name: string;
  sum?: { dataPoints: OtlpPoint[] };
  gauge?: { dataPoints: OtlpPoint[] };
  histogram?: { dataPoints: OtlpPoint[] };
}

interface OtlpBody {
  resourceMetrics: { scopeMetrics: { metrics: OtlpMetric[] }[] }[];
}

function tagsOf(point: OtlpPoint): TagMap {
  const tags: TagMap = {};
  for (const { key, value } of point.attributes ?? []) {
    tags[key] = String(value.stringValue ?? value.intValue ?? value.doubleValue ?? "");
  }
  return tags;
}

/** OTLP's per-bucket counts (one more than the bounds) as cumulative counts by upper bound. */
function cumulativeBuckets(point: OtlpPoint): Buckets {
  const bounds = [...(point.explicitBounds ?? []), Number.POSITIVE_INFINITY];
  let cumulative = 0;
  return bounds.map((le, i) => {
    cumulative += Number(point.bucketCounts?.[i] ?? 0);
    return [le, cumulative];
  });
}

const pointValue = (point: OtlpPoint) => Number(point.asDouble ?? point.asInt ?? 0);

/**
 * Starts the receiver; `received` holds the latest sum and histogram of each stream and every
 * gauge value exported (a set's gauge is its unique members since the previous export).
 *
 * @example
 * const peer = await startOtlpReceiver();
 * new OTLPMetricExporter({ url: peer.address.url });
 */
export async function startOtlpReceiver(): Promise<Peer> {
  const sums = new Map<string, [string, TagMap, number]>();
  const histograms = new Map<string, [string, TagMap, number, number, Buckets]>();
  const gauges: [string, TagMap, number][] = [];
  let received = new Received("s");
  const activity = new ActivityLog();
  let violations = 0;

  function decode(body: OtlpBody): number {
    let points = 0;
    for (const { scopeMetrics } of body.resourceMetrics) {
      for (const { metrics } of scopeMetrics) {
        for (const metric of metrics) {
          for (const point of metric.sum?.dataPoints ?? []) {
            const tags = tagsOf(point);
            sums.set(JSON.stringify([metric.name, tags]), [metric.name, tags, pointValue(point)]);
            points++;
          }
          for (const point of metric.gauge?.dataPoints ?? []) {
            gauges.push([metric.name, tagsOf(point), pointValue(point)]);
            points++;
          }
          for (const point of metric.histogram?.dataPoints ?? []) {
            const tags = tagsOf(point);
            const id = JSON.stringify([metric.name, tags]);
            const count = Number(point.count ?? 0);
            histograms.set(id, [
              metric.name,
              tags,
              count,
              point.sum ?? 0,
              cumulativeBuckets(point),
            ]);
            points++;
          }
        }
      }
    }
    return points;
  }

  function poll(): Promise<void> {
    const next = new Received("s");
    for (const [name, tags, value] of sums.values()) next.counter(name, tags, value);
    for (const [name, tags, count, sum, buckets] of histograms.values()) {
      next.aggregate(name, tags, count, sum, buckets);
    }
    for (const [name, tags, value] of gauges) next.gauge(name, tags, value);
    received = next;
    return Promise.resolve();
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        if (request.url !== "/v1/metrics") throw new Error(`unexpected ${request.url}`);
        const points = decode(JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpBody);
        activity.push(`POST /v1/metrics: ${points} data points`);
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch (error) {
        violations++;
        activity.push(`receiver rejected a request: ${String(error)}`);
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`;

  return {
    description: `an OTLP/HTTP JSON receiver at ${url}`,
    address: { kind: "otlp", url },
    get received() {
      return received;
    },
    poll,
    activity: () => activity.drain(),
    async stop() {
      // close() ran the provider's forceFlush, which waited for the receiver's answer.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (violations > 0) throw new Error(`the OTLP receiver rejected ${violations} requests`);
      await poll();
    },
  };
}
