import http from "node:http";
import https from "node:https";
import type {
  HttpLibrary,
  RequestContext,
  ResponseContext,
} from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/http/http.js";
import { HttpStatusError, RequestAbortedError, RequestTimeoutError } from "./delivery-errors.js";

/** Longest error body kept for a report. */
const MAX_ERROR_DETAIL = 200;
/** Most response bytes read; the metrics intake answers with a few bytes of JSON. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface NodeHttpLibraryOptions {
  readonly timeoutMs: number;
  /** The client's `ResponseContext` class (from the common layer). */
  readonly ResponseContext: typeof ResponseContext;
  /** Every request goes through this agent (keep-alive, a proxy tunnel, or the caller's own). */
  readonly agent: http.Agent;
}

/**
 * The common layer's transport, given through its documented `httpApi` hook. Its built-in
 * `IsomorphicFetchHttpLibrary` cannot bound a request in time, take a proxy agent, or abort, logs
 * every network error to stderr (datadog-api-client-typescript#2000) and reports a 429 without
 * the `x-ratelimit-reset` header we need. This one sends the body it is given (already
 * compressed), times out every request, and turns any non-2xx answer into an `HttpStatusError`
 * carrying the server's requested wait. URLs and authentication headers stay the client's.
 *
 * @example
 * const library = new NodeHttpLibrary({ timeoutMs: 10_000, ResponseContext, agent });
 * createConfiguration({ httpApi: library, ... });
 */
export class NodeHttpLibrary implements HttpLibrary {
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(private readonly options: NodeHttpLibraryOptions) {}

  async send(request: RequestContext): Promise<ResponseContext> {
    const headers = { ...request.getHeaders() };
    const body = request.getBody();
    if (!Buffer.isBuffer(body)) throw new TypeError("expected an encoded request body");
    headers["Content-Length"] = String(body.length);
    const answer = await this.exchange(request.getUrl(), request.getHttpMethod(), headers, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new HttpStatusError(answer.status, retryAfterMs(answer.headers), errorDetail(answer));
    }
    // Acceptance is the status code; an intake that answers 2xx without JSON (some proxies and
    // test servers) must not make the client's response parser fail an accepted payload.
    const text = isJson(answer.body) ? answer.body : "{}";
    return new this.options.ResponseContext(answer.status, answer.headers, {
      text: async () => text,
      binary: async () => Buffer.from(text),
    });
  }

  /** Abandons every request in flight (used when `close()` runs out of time). */
  abortAll(): void {
    for (const request of this.inFlight) request.destroy(new RequestAbortedError());
  }

  private exchange(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const request = (target.protocol === "https:" ? https : http).request(target, {
        method,
        headers,
        agent: this.options.agent,
      });
      this.inFlight.add(request);
      const timer = setTimeout(
        () => request.destroy(new RequestTimeoutError(this.options.timeoutMs)),
        this.options.timeoutMs,
      );
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        this.inFlight.delete(request);
      };
      request.on("error", (error) => {
        done();
        reject(error);
      });
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        response.on("error", (error) => {
          done();
          reject(error);
        });
        response.on("end", () => {
          done();
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) responseHeaders[name] = String(value);
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: responseHeaders,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      request.end(body);
    });
  }
}

function isJson(text: string): boolean {
  if (text === "") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `x-ratelimit-reset` (Datadog: seconds until the window resets) or `retry-after` (seconds). */
function retryAfterMs(headers: Record<string, string>): number | undefined {
  for (const name of ["x-ratelimit-reset", "retry-after"]) {
    const value = headers[name];
    if (value === undefined) continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  }
  return undefined;
}

/** A short, printable summary of an error body (Datadog sends `{"errors":["..."]}`). */
function errorDetail(answer: { body: string }): string {
  let detail = answer.body;
  try {
    const parsed = JSON.parse(answer.body) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) detail = parsed.errors.map(String).join("; ");
  } catch {
    // Not JSON: keep the text.
  }
  const printable = detail.replace(/[^\x20-\x7e]+/g, " ").trim();
  return printable.length > MAX_ERROR_DETAIL
    ? `${printable.slice(0, MAX_ERROR_DETAIL)}...`
    : printable;
}
