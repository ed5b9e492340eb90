import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/** One `trace_metric` item as the SDK serialises it (checked field by field on arrival). */
export interface TraceMetric {
  timestamp: number;
  trace_id: string;
  span_id?: string;
  name: string;
  type: "counter" | "gauge" | "distribution";
  unit?: string;
  value: number;
  attributes: Record<string, { value: unknown; type: string }>;
}

/**
 * A Sentry envelope endpoint on loopback (`POST /api/42/envelope/`, gzip or not), for the real
 * `@sentry/node` pointed at `dsn()`: decodes every envelope and checks every metric item.
 */
export interface EnvelopeEndpoint {
  /** A DSN pointing here, with `secret` as its (legacy) secret key when given. */
  dsn(secret?: string): string;
  /** Every metric item received, in order. */
  readonly metrics: TraceMetric[];
  /** Everything wrong with what arrived: any entry fails the test that reads it. */
  readonly violations: string[];
  /** Request URLs and headers as received (to check for leaked secrets). */
  readonly requests: string[];
  /** What the endpoint answers; 200 by default. */
  status: number;
  /** When true, requests are read but never answered (a stalled intake). */
  stall: boolean;
  /** Resolves once no request has arrived for `ms`. */
  quiet(ms?: number): Promise<void>;
  clear(): void;
  close(): Promise<void>;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ATTRIBUTE_TYPES = new Set(["string", "integer", "double", "boolean"]);

/**
 * Starts the endpoint on a free loopback port (project 42, a made-up public key).
 *
 * @example
 * const endpoint = await startEnvelopeEndpoint();
 * Sentry.init({ dsn: endpoint.dsn() });
 * // ... emit, flush ...
 * expect(endpoint.violations).toEqual([]);
 */
export async function startEnvelopeEndpoint(): Promise<EnvelopeEndpoint> {
  let lastRequest = Date.now();
  const endpoint: EnvelopeEndpoint = {
    dsn: (secret) => {
      const { port } = server.address() as AddressInfo;
      const auth = secret === undefined ? "publickey" : `publickey:${secret}`;
      return `http://${auth}@127.0.0.1:${port}/42`;
    },
    metrics: [],
    violations: [],
    requests: [],
    status: 200,
    stall: false,
    async quiet(ms = 150) {
      while (Date.now() - lastRequest < ms) await new Promise((r) => setTimeout(r, 25));
    },
    clear() {
      endpoint.metrics.length = 0;
      endpoint.violations.length = 0;
      endpoint.requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer(async (request, response) => {
    lastRequest = Date.now();
    endpoint.requests.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)}`);
    try {
      if (request.method !== "POST" || !request.url?.startsWith("/api/42/envelope/")) {
        endpoint.violations.push(`unexpected request ${request.method} ${request.url}`);
      } else {
        decodeEnvelope(await body(request), endpoint);
      }
    } catch (error) {
      endpoint.violations.push(`undecodable envelope: ${String(error)}`);
    }
    lastRequest = Date.now();
    if (endpoint.stall) return;
    response.writeHead(endpoint.status, { "content-type": "application/json" }).end("{}");
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return endpoint;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return request.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
}

/** Reads an envelope: a header line, then per item a header line and a payload (`length` bytes, or a line). */
function decodeEnvelope(data: Buffer, endpoint: EnvelopeEndpoint): void {
  let at = data.indexOf(0x0a);
  JSON.parse(data.subarray(0, at).toString("utf8"));
  at += 1;
  while (at < data.length) {
    let end = data.indexOf(0x0a, at);
    if (end === -1) end = data.length;
    const header = JSON.parse(data.subarray(at, end).toString("utf8"));
    at = end + 1;
    const length: number | undefined = header.length;
    let payloadEnd = length === undefined ? data.indexOf(0x0a, at) : at + length;
    if (payloadEnd === -1) payloadEnd = data.length;
    const payload = data.subarray(at, payloadEnd).toString("utf8");
    at = payloadEnd + 1;
    if (header.type === "trace_metric") checkMetricItem(header, JSON.parse(payload), endpoint);
  }
}

function checkMetricItem(
  header: Record<string, unknown>,
  payload: { items?: unknown },
  endpoint: EnvelopeEndpoint,
): void {
  const bad = (why: string) => endpoint.violations.push(why);
  if (header.content_type !== "application/vnd.sentry.items.trace-metric+json") {
    bad(`content_type ${String(header.content_type)}`);
  }
  if (!Array.isArray(payload.items)) return void bad("trace_metric payload without items");
  if (header.item_count !== payload.items.length) {
    bad(`item_count ${String(header.item_count)} but ${payload.items.length} items`);
  }
  for (const item of payload.items as TraceMetric[]) {
    if (typeof item.name !== "string") bad(`name ${JSON.stringify(item.name)}`);
    if (!["counter", "gauge", "distribution"].includes(item.type)) bad(`type ${item.type}`);
    if (typeof item.value !== "number" || !Number.isFinite(item.value)) {
      bad(`${item.name}: value ${JSON.stringify(item.value)}`);
    }
    if (typeof item.timestamp !== "number") bad(`${item.name}: timestamp ${item.timestamp}`);
    if (!TRACE_ID.test(item.trace_id)) bad(`${item.name}: trace_id ${item.trace_id}`);
    if (item.span_id !== undefined && !SPAN_ID.test(item.span_id)) {
      bad(`${item.name}: span_id ${item.span_id}`);
    }
    if (item.unit !== undefined && typeof item.unit !== "string") bad(`${item.name}: unit`);
    for (const [name, attribute] of Object.entries(item.attributes ?? {})) {
      if (!ATTRIBUTE_TYPES.has(attribute?.type)) bad(`${item.name}: attribute ${name} type`);
    }
    endpoint.metrics.push(item);
  }
}

/** Attributes the SDK adds to every metric; the rest are the tags the backend sent. */
const SDK_ATTRIBUTES = new Set([
  "sentry.sdk.name",
  "sentry.sdk.version",
  "sentry.environment",
  "sentry.release",
  "sentry.timestamp.sequence",
  "server.address",
]);

/** A metric item's attributes as tags: the backend's own, without the ones the SDK adds. */
export function tagsOf(metric: TraceMetric): Array<[string, string]> {
  return Object.entries(metric.attributes)
    .filter(([name]) => !SDK_ATTRIBUTES.has(name))
    .map(([name, attribute]) => [name, String(attribute.value)]);
}
