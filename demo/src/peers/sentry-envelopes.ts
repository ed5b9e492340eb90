/**
 * A loopback Sentry envelope endpoint: the demo initialises the real `@sentry/node` with a DSN
 * pointing here, and this decodes every envelope (`POST /api/<project>/envelope/`, gzip or not)
 * and every `trace_metric` item in it. Written here because the package's endpoint lives in its
 * tests, which are not importable.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { Received, type TagMap } from "../received.js";
import type { Peer } from "./peer.js";

interface TraceMetric {
  name: string;
  type: "counter" | "gauge" | "distribution";
  value: number;
  attributes?: Record<string, { value: unknown }>;
}

/** Attributes the SDK adds to every metric: not the service's tags. */
const SDK_ATTRIBUTE = /^(sentry\.|server\.address$)/;

function tagsOf(metric: TraceMetric): TagMap {
  const tags: TagMap = {};
  for (const [name, { value }] of Object.entries(metric.attributes ?? {})) {
    if (!SDK_ATTRIBUTE.test(name)) tags[name] = String(value);
  }
  return tags;
}

/** An envelope: a header line, then per item a header line and a payload (`length` bytes, or a line). */
function metricItems(data: Buffer): TraceMetric[] {
  const metrics: TraceMetric[] = [];
  let at = data.indexOf(0x0a) + 1;
  while (at > 0 && at < data.length) {
    let end = data.indexOf(0x0a, at);
    if (end === -1) end = data.length;
    const header = JSON.parse(data.subarray(at, end).toString("utf8"));
    at = end + 1;
    let payloadEnd = header.length === undefined ? data.indexOf(0x0a, at) : at + header.length;
    if (payloadEnd === -1) payloadEnd = data.length;
    const payload = data.subarray(at, payloadEnd).toString("utf8");
    at = payloadEnd + 1;
    if (header.type === "trace_metric") metrics.push(...JSON.parse(payload).items);
  }
  return metrics;
}

/**
 * Starts the endpoint; its DSN has a made-up public key for project 42.
 *
 * @example
 * const peer = await startSentryEnvelopes();
 * Sentry.init({ dsn: peer.address.dsn });
 */
export async function startSentryEnvelopes(): Promise<Peer> {
  // Sentry's metrics carry timings and distributions in seconds.
  const received = new Received("s");
  let activity: string[] = [];
  let lastRequest = Date.now();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      lastRequest = Date.now();
      try {
        if (!request.url?.startsWith("/api/42/envelope/")) throw new Error(`${request.url}`);
        const raw = Buffer.concat(chunks);
        const gzip = request.headers["content-encoding"] === "gzip";
        const metrics = metricItems(gzip ? gunzipSync(raw) : raw);
        for (const metric of metrics) {
          const tags = tagsOf(metric);
          if (metric.type === "counter") received.counter(metric.name, tags, metric.value);
          else if (metric.type === "gauge") received.gauge(metric.name, tags, metric.value);
          else received.timing(metric.name, tags, [metric.value]);
        }
        activity.push(`envelope (${raw.length} B): ${metrics.length} metric items`);
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch (error) {
        activity.push(`endpoint rejected a request: ${String(error)}`);
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    description: `a Sentry envelope endpoint at http://127.0.0.1:${port}`,
    address: { kind: "sentry", dsn: `http://publickey@127.0.0.1:${port}/42` },
    received,
    poll: () => Promise.resolve(),
    activity() {
      const lines = activity;
      activity = [];
      return lines;
    },
    async stop() {
      // close() waited for Sentry.flush(); wait until nothing more arrives.
      while (Date.now() - lastRequest < 100) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
