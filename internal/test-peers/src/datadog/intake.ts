import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeBody, EVENTS } from "./decode-body.js";
import { FaultScript } from "./fault-script.js";
import type {
  Attempt,
  DistributionPoint,
  IntakeOptions,
  IntakeTotals,
  ReceivedEvent,
  Reply,
  SeriesPoint,
} from "./intake-types.js";

/**
 * A loopback stand-in for the Datadog intake (`/api/v2/series`, `/api/v1/distribution_points`,
 * `/api/v1/events`): decodes gzip and deflate bodies, checks the `DD-API-KEY` header, validates
 * every body against the API's schema and the documented limits (500 kB compressed, 5 MB
 * decompressed, points at most 1 hour old and 10 minutes ahead), and records what it accepted.
 * Faults: `script()` queues replies for the next requests (500, 429 with `x-ratelimit-reset`,
 * dropped connections, stalls), `scriptPath()` for one endpoint only, `failUntil()` answers with a
 * cycle of faults until a given time; unscripted requests are accepted with 202.
 *
 * @example
 * const intake = await Intake.start({ apiKey: "k" });
 * intake.script({ kind: "status", status: 500 });
 * // ... point a DatadogBackend at intake.url, flush ...
 * intake.total("jobs.done", ["env:test"]);
 * await intake.close();
 */
export class Intake {
  readonly series: SeriesPoint[] = [];
  readonly distributions: DistributionPoint[] = [];
  readonly events: ReceivedEvent[] = [];
  readonly attempts: Attempt[] = [];
  readonly totals: IntakeTotals = { requests: 0, bytes: 0, counterTotal: 0, distributionValues: 0 };
  /** Schema or limit violations: a test expects this to stay empty. */
  readonly violations: string[] = [];
  readonly apiKey: string;
  private readonly record: boolean;
  private readonly strictEncoding: boolean;
  private readonly deferDecoding: boolean;
  private readonly pending: Array<{
    path: string;
    encoding?: string;
    raw: Buffer;
    attempt: Attempt;
  }> = [];
  private readonly faults = new FaultScript();
  private readonly stalled = new Set<http.ServerResponse>();
  private lastRequestAt = Date.now();

  private constructor(
    private readonly server: http.Server,
    options: IntakeOptions,
  ) {
    this.apiKey = options.apiKey;
    this.record = options.record ?? true;
    this.strictEncoding = options.strictEncoding ?? true;
    this.deferDecoding = options.deferDecoding ?? false;
  }

  static async start(options: IntakeOptions | string): Promise<Intake> {
    const server = http.createServer();
    const intake = new Intake(server, typeof options === "string" ? { apiKey: options } : options);
    server.on("request", (request, response) => intake.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return intake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replies for the next requests, in order. */
  script(...replies: Reply[]): void {
    this.faults.script(...replies);
  }

  /** Replies for the next requests to `path` only, in order (before any `script()` reply). */
  scriptPath(path: string, ...replies: Reply[]): void {
    this.faults.scriptPath(path, ...replies);
  }

  /** Until `ms` from now, answers every request with the next reply of `cycle` (in a loop). */
  failUntil(ms: number, cycle: Reply[]): void {
    this.faults.failUntil(ms, cycle);
  }

  /** With `deferDecoding`: decodes, validates and totals every body received so far. */
  decodePending(): void {
    for (const { path, encoding, raw, attempt } of this.pending.splice(0)) {
      const problem = this.accept(path, encoding, raw, attempt);
      if (problem === undefined) continue;
      attempt.reply = "invalid";
      this.violations.push(problem);
    }
  }

  /** Forgets everything received so far (benchmark rounds). */
  reset(): void {
    this.series.length = 0;
    this.distributions.length = 0;
    this.events.length = 0;
    this.attempts.length = 0;
    this.pending.length = 0;
    this.violations.length = 0;
    Object.assign(this.totals, { requests: 0, bytes: 0, counterTotal: 0, distributionValues: 0 });
  }

  /** Resolves once no request arrived for `quietMs`. */
  async settle(quietMs = 50): Promise<void> {
    while (Date.now() - this.lastRequestAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    }
  }

  async close(): Promise<void> {
    for (const response of this.stalled) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      this.lastRequestAt = Date.now();
      const path = request.url ?? "";
      const encoding = request.headers["content-encoding"];
      const raw = Buffer.concat(chunks);
      const attempt: Attempt = {
        at: this.lastRequestAt,
        host: request.headers.host,
        path,
        encoding,
        compressedBytes: raw.length,
        uncompressedBytes: 0,
        reply: "accepted",
      };
      this.attempts.push(attempt);
      this.totals.requests += 1;
      this.totals.bytes += raw.length;
      const reply = this.faults.next(path);
      if (reply?.kind === "drop") {
        attempt.reply = "drop";
        request.socket.destroy();
        return;
      }
      if (reply?.kind === "stall") {
        attempt.reply = "stall";
        this.stalled.add(response);
        return;
      }
      if (reply?.kind === "delay") {
        setTimeout(() => this.answer(request, response, path, encoding, raw, attempt), reply.ms);
        return;
      }
      if (reply?.kind === "status") {
        attempt.reply = "status";
        response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        response.end(reply.body ?? JSON.stringify({ errors: [`scripted ${reply.status}`] }));
        return;
      }
      this.answer(request, response, path, encoding, raw, attempt);
    });
  }

  /** Checks the key, validates and records the body, and answers 202 (or why not). */
  private answer(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    path: string,
    encoding: string | undefined,
    raw: Buffer,
    attempt: Attempt,
  ): void {
    {
      if (request.headers["dd-api-key"] !== this.apiKey) {
        attempt.reply = "forbidden";
        response.writeHead(403, { "content-type": "application/json" });
        response.end(JSON.stringify({ errors: ["Forbidden"] }));
        return;
      }
      if (this.deferDecoding) {
        this.pending.push({ path, encoding, raw, attempt });
        response.writeHead(202, { "content-type": "application/json" });
        response.end(JSON.stringify({ errors: [] }));
        return;
      }
      const problem = this.accept(path, encoding, raw, attempt);
      if (problem !== undefined) {
        attempt.reply = "invalid";
        this.violations.push(problem);
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ errors: [problem] }));
        return;
      }
      response.writeHead(202, { "content-type": "application/json" });
      response.end(JSON.stringify({ errors: [] }));
    }
  }

  /** Validates and records one body; returns what is wrong with it, if anything. */
  private accept(
    path: string,
    encoding: string | undefined,
    raw: Buffer,
    attempt: Attempt,
  ): string | undefined {
    const decoded = decodeBody(path, encoding, raw, this.strictEncoding);
    attempt.uncompressedBytes = decoded.uncompressedBytes;
    if (decoded.problem !== undefined) return decoded.problem;
    const body = decoded.body as Record<string, any>;
    if (path === EVENTS) {
      this.recordEvent(body);
      return undefined;
    }
    const { series } = body as { series: any[] };
    const now = Date.now() / 1000;
    const tooOld = (timestamp: number) => timestamp < now - 3600 || timestamp > now + 600;
    if (path === "/api/v1/series") {
      for (const item of series) {
        for (const [, value] of item.points)
          if (item.type === "count") this.totals.counterTotal += value;
      }
    } else if (path === "/api/v2/series") {
      for (const item of series) {
        for (const point of item.points) {
          if (tooOld(point.timestamp)) return `series timestamp ${point.timestamp} out of range`;
        }
      }
      for (const item of series) {
        for (const point of item.points) {
          if (item.type === 1) this.totals.counterTotal += point.value;
          if (!this.record) continue;
          this.series.push({
            metric: item.metric,
            type: item.type,
            value: point.value,
            timestamp: point.timestamp,
            interval: item.interval,
            unit: item.unit,
            tags: item.tags ?? [],
            host: item.resources?.find((resource: { type: string }) => resource.type === "host")
              ?.name,
          });
        }
      }
    } else {
      for (const item of series) {
        for (const [timestamp] of item.points) {
          if (tooOld(timestamp)) return `distribution timestamp ${timestamp} out of range`;
        }
      }
      for (const item of series) {
        for (const [timestamp, values] of item.points) {
          this.totals.distributionValues += values.length;
          if (!this.record) continue;
          this.distributions.push({
            metric: item.metric,
            timestamp,
            values,
            tags: item.tags ?? [],
            host: item.host,
          });
        }
      }
    }
    return undefined;
  }

  /** Records a validated `/api/v1/events` body. */
  private recordEvent(event: Record<string, any>): void {
    this.events.push({
      title: event.title,
      text: event.text,
      tags: event.tags ?? [],
      alertType: event.alert_type,
      aggregationKey: event.aggregation_key,
      sourceTypeName: event.source_type_name,
      priority: event.priority,
      dateHappened: event.date_happened,
      host: event.host,
    });
  }

  /** Series points that share name, type, tags and timestamp with an earlier one (a duplicate). */
  duplicateSeries(): SeriesPoint[] {
    const seen = new Set<string>();
    return this.series.filter((point) => {
      const id = JSON.stringify([point.metric, point.type, point.tags, point.timestamp]);
      if (seen.has(id)) return true;
      seen.add(id);
      return false;
    });
  }

  /** Sum of every count point of `metric` with exactly `tags` (in any order). */
  total(metric: string, tags: string[] = []): number {
    return this.seriesOf(metric, tags)
      .filter((point) => point.type === 1)
      .reduce((sum, point) => sum + point.value, 0);
  }

  /** The gauge of the latest timestamp. */
  lastGauge(metric: string, tags: string[] = []): number | undefined {
    const gauges = this.seriesOf(metric, tags).filter((point) => point.type === 3);
    gauges.sort((a, b) => a.timestamp - b.timestamp);
    return gauges.at(-1)?.value;
  }

  /** Every distribution value of `metric` with exactly `tags`. */
  values(metric: string, tags: string[] = []): number[] {
    const key = [...tags].sort().join(",");
    return this.distributions
      .filter((point) => point.metric === metric && [...point.tags].sort().join(",") === key)
      .flatMap((point) => point.values);
  }

  private seriesOf(metric: string, tags: string[]): SeriesPoint[] {
    const key = [...tags].sort().join(",");
    return this.series.filter(
      (point) => point.metric === metric && [...point.tags].sort().join(",") === key,
    );
  }
}
