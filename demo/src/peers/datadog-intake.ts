/**
 * A loopback stand-in for the Datadog metrics intake: accepts `POST /api/v2/series` (gzip) and
 * `POST /api/v1/distribution_points` (deflate), decodes the bodies, and answers 202 like the
 * real API. `DatadogBackend({ baseUrl })` sends here instead of api.datadoghq.com.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { parseColonTags, Received } from "../received.js";
import type { Peer } from "./peer.js";

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

/** v2 series type: 1 count, 2 rate, 3 gauge. */
const GAUGE = 3;

interface SeriesBody {
  series: {
    metric: string;
    type?: number;
    points: { timestamp: number; value: number }[];
    tags?: string[];
  }[];
}

interface DistributionBody {
  series: { metric: string; points: [number, number[]][]; tags?: string[] }[];
}

async function decode(encoding: string | undefined, body: Buffer): Promise<Buffer> {
  if (encoding === "gzip") return gunzip(body);
  if (encoding === "deflate") return inflate(body);
  return body;
}

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

export async function startDatadogIntake(): Promise<Peer> {
  // Any key works here; the intake only checks that the backend sends the one it was given.
  const apiKey = randomBytes(16).toString("hex");
  const received = new Received();
  let activity: string[] = [];
  let pending = 0;

  async function accept(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const encoding = request.headers["content-encoding"];
    if (request.headers["dd-api-key"] !== apiKey) {
      response.writeHead(403).end(JSON.stringify({ errors: ["Forbidden"] }));
      return;
    }
    const json = JSON.parse((await decode(encoding, raw)).toString("utf8"));
    const size = `${encoding ?? "identity"}, ${kilobytes(raw.length)}`;
    if (request.url === "/api/v2/series") {
      const { series } = json as SeriesBody;
      for (const { metric, type, points, tags = [] } of series) {
        for (const { value } of points) {
          if (type === GAUGE) received.gauge(metric, parseColonTags(tags), value);
          else received.counter(metric, parseColonTags(tags), value);
        }
      }
      activity.push(`POST ${request.url} (${size}): ${series.length} series`);
    } else if (request.url === "/api/v1/distribution_points") {
      const { series } = json as DistributionBody;
      let values = 0;
      for (const { metric, points, tags = [] } of series) {
        for (const [, batch] of points) {
          received.timing(metric, parseColonTags(tags), batch);
          values += batch.length;
        }
      }
      activity.push(`POST ${request.url} (${size}): ${values} values`);
    } else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(202, { "content-type": "application/json" }).end('{"errors":[]}');
  }

  const server = http.createServer((request, response) => {
    pending++;
    accept(request, response)
      .catch((error: unknown) => {
        activity.push(`intake rejected a request: ${String(error)}`);
        response.writeHead(400).end();
      })
      .finally(() => pending--);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    description: `a loopback Datadog intake at ${url}`,
    address: { kind: "http", url, apiKey },
    received,
    poll: () => Promise.resolve(),
    activity() {
      const lines = activity;
      activity = [];
      return lines;
    },
    async stop() {
      // close() on the backend waited for the intake's answers, so nothing is in flight.
      while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
