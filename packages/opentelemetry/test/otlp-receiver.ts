import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One metric data point as the receiver decoded it from an OTLP/HTTP JSON request. */
export interface OtlpPoint {
  scope: string;
  name: string;
  unit: string;
  kind: "sum" | "gauge" | "histogram";
  attributes: Record<string, string>;
  /** A sum's or gauge's value. */
  value?: number;
  /** A histogram's count, sum and bucket boundaries. */
  count?: number;
  sum?: number;
  explicitBounds?: number[];
  bucketCounts?: number[];
  isMonotonic?: boolean;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}

/**
 * A loopback OTLP/HTTP receiver for `POST /v1/metrics` with JSON bodies (what
 * `@opentelemetry/exporter-metrics-otlp-http` sends): decodes every data point it receives.
 * `stall: true` accepts requests and never answers (a peer that hangs) until `unstall()`.
 */
export async function startOtlpReceiver({ stall: stallAtFirst = false } = {}) {
  let stall = stallAtFirst;
  const points: OtlpPoint[] = [];
  const requests: { path: string; contentType: string }[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "" });
      if (stall) {
        hanging.push(res);
        return;
      }
      points.push(...decodeRequest(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/metrics`,
    points,
    requests,
    /** Ends the stall: the requests held are dropped, later ones are answered. */
    unstall() {
      stall = false;
      for (const res of hanging.splice(0)) res.destroy();
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

// The JSON body as parsed; every field is read with a fallback and converted.
function decodeRequest(body: any): OtlpPoint[] {
  const points: OtlpPoint[] = [];
  for (const resource of body.resourceMetrics ?? []) {
    for (const scopeMetrics of resource.scopeMetrics ?? []) {
      const scope = String(scopeMetrics.scope?.name ?? "");
      for (const metric of scopeMetrics.metrics ?? []) {
        const base = { scope, name: String(metric.name), unit: String(metric.unit ?? "") };
        for (const kind of ["sum", "gauge", "histogram"] as const) {
          const data = metric[kind];
          if (data === undefined) continue;
          for (const point of data.dataPoints ?? []) {
            const attributes = attributesOf(point.attributes ?? []);
            if (kind === "histogram") {
              points.push({
                ...base,
                kind,
                attributes,
                count: Number(point.count),
                sum: Number(point.sum),
                explicitBounds: (point.explicitBounds ?? []).map(Number),
                bucketCounts: (point.bucketCounts ?? []).map(Number),
              });
            } else {
              const value = Number(point.asDouble ?? point.asInt);
              const isMonotonic = kind === "sum" ? Boolean(data.isMonotonic) : undefined;
              points.push({ ...base, kind, attributes, value, isMonotonic });
            }
          }
        }
      }
    }
  }
  return points;
}

function attributesOf(list: { key: string; value: OtlpValue }[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const { key, value } of list) {
    const v = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
    Object.defineProperty(attributes, key, { value: String(v), enumerable: true });
  }
  return attributes;
}
