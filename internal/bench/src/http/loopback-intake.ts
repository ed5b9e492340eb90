import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { gunzip, inflate } from "node:zlib";

const decompress = { gzip: promisify(gunzip), deflate: promisify(inflate) };

/** What the intake received, decoded: counter sums and distribution values. */
export interface IntakeTotals {
  requests: number;
  /** Bytes on the wire (request bodies as sent, compressed or not). */
  bytes: number;
  counterTotal: number;
  distributionValues: number;
}

interface SeriesBody {
  series?: Array<{ type?: number; points?: Array<{ value?: number }> }>;
}

interface DistributionBody {
  series?: Array<{ points?: Array<[number, number[]]> }>;
}

/**
 * A loopback stand-in for the Datadog intake that accepts everything (202) and totals what it
 * decodes from `/api/v2/series` (counts) and `/api/v1/distribution_points` (values).
 */
export class LoopbackIntake {
  totals: IntakeTotals = { requests: 0, bytes: 0, counterTotal: 0, distributionValues: 0 };
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<LoopbackIntake> {
    const server = createServer();
    const intake = new LoopbackIntake(server);
    server.on("request", (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const raw = Buffer.concat(chunks);
        intake.totals.requests++;
        intake.totals.bytes += raw.length;
        try {
          const encoding = request.headers["content-encoding"];
          const body =
            encoding === "gzip" || encoding === "deflate" ? await decompress[encoding](raw) : raw;
          intake.#add(request.url ?? "", JSON.parse(body.toString("utf8")));
        } catch {
          // Undecodable bodies still count as requests; their contents do not.
        }
        response.writeHead(202, { "content-type": "application/json" }).end('{"errors":[]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return intake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.totals = { requests: 0, bytes: 0, counterTotal: 0, distributionValues: 0 };
  }

  #add(url: string, body: unknown): void {
    if (url.startsWith("/api/v2/series")) {
      for (const series of (body as SeriesBody).series ?? []) {
        if (series.type !== 1) continue; // counts only
        for (const point of series.points ?? []) this.totals.counterTotal += point.value ?? 0;
      }
    } else if (url.startsWith("/api/v1/distribution_points")) {
      for (const series of (body as DistributionBody).series ?? []) {
        for (const [, values] of series.points ?? [])
          this.totals.distributionValues += values.length;
      }
    }
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
