import type { ErrorHandler } from "@metrics/core";

/** Options of `new DatadogBackend(options)`. Every one is optional. */
export interface DatadogBackendOptions {
  /** Datadog API key. Default: `DD_API_KEY`. Missing in both places: the constructor throws. */
  apiKey?: string;
  /** Datadog site, e.g. `datadoghq.eu`, `us5.datadoghq.com`. Default: `DD_SITE`, else `datadoghq.com`. */
  site?: string;
  /** Send to this intake instead of `https://api.<site>` (e.g. `http://127.0.0.1:8080`). */
  baseUrl?: string;
  /** Host attached to every point (series resource `host`, distribution `host`). Default: none. */
  host?: string;
  /** Tags added to every point: `{ env: "prod" }` or `["env:prod"]`. Default: none. */
  tags?: Readonly<Record<string, string>> | readonly string[];
  /** Length of an aggregation window, in milliseconds. Default: 10000. */
  flushIntervalMs?: number;
  /** Most distinct contexts (name + tags) held per window; more are dropped and reported. Default: 10000. */
  maxContexts?: number;
  /** Most values kept per distribution context per window; past it, a uniform sample. Default: 1000. */
  maxValuesPerContext?: number;
  /** Most bytes (uncompressed JSON) held for sending or retrying; the oldest go first. Default: 8 MiB. */
  maxQueueBytes?: number;
  /** Timeout of one HTTP request, in milliseconds. Default: 10000. */
  requestTimeoutMs?: number;
  /** How long `close()` waits for queued payloads and their retries, in milliseconds. Default: 10000. */
  closeTimeoutMs?: number;
  /** Longest backoff between two attempts of one payload, in milliseconds. Default: 30000. */
  maxRetryDelayMs?: number;
  /** Retries of one payload before it is reported lost (about 90 s of backoff). Default: 8. */
  maxRetries?: number;
  /** Receives every failure. Default: `reportError` of `@metrics/core`. */
  onError?: ErrorHandler;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  readonly apiKey: string;
  /** Origin requests go to, without a trailing slash. */
  readonly baseUrl: string;
  readonly host: string | undefined;
  readonly tags: Readonly<Record<string, string>> | readonly string[];
  readonly flushIntervalMs: number;
  readonly maxContexts: number;
  readonly maxValuesPerContext: number;
  readonly maxQueueBytes: number;
  readonly requestTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxRetries: number;
}

const SITE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function fail(message: string): never {
  throw new TypeError(`@metrics/datadog: ${message}`);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    fail(`\`${name}\` must be a positive integer, got ${String(value)}.`);
  }
  return value;
}

/**
 * The API origin of a Datadog site. Any site name is accepted (Datadog adds regions), as long as
 * it is a bare host name: `datadoghq.com`, `us3.datadoghq.com`, `us5.datadoghq.com`,
 * `datadoghq.eu`, `ap1.datadoghq.com`, `ap2.datadoghq.com`, `ddog-gov.com`, ...
 */
function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    fail(`\`${name}\` must be a non-negative integer, got ${String(value)}.`);
  }
  return value;
}

export function siteOrigin(site: string): string {
  const bare = site.trim().toLowerCase();
  if (!SITE.test(bare)) {
    fail(`\`site\` must be a Datadog site such as "datadoghq.eu", got ${JSON.stringify(site)}.`);
  }
  // `DD_SITE=app.datadoghq.eu` is a common slip: the API lives on `api.`, not `app.`.
  return `https://api.${bare.startsWith("app.") ? bare.slice(4) : bare}`;
}

function parseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    fail(`\`baseUrl\` must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    fail(`\`baseUrl\` must use http or https, got ${JSON.stringify(url.protocol)}.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export function resolveOptions(
  options: DatadogBackendOptions,
  env: NodeJS.ProcessEnv,
): ResolvedOptions {
  const apiKey = options.apiKey ?? env.DD_API_KEY;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    fail("no API key: pass `apiKey` or set the DD_API_KEY environment variable.");
  }
  const site = options.site ?? env.DD_SITE;
  const baseUrl =
    options.baseUrl !== undefined
      ? parseBaseUrl(options.baseUrl)
      : siteOrigin(site === undefined || site === "" ? "datadoghq.com" : site);
  return {
    apiKey: apiKey.trim(),
    baseUrl,
    host: options.host === undefined || options.host === "" ? undefined : options.host,
    tags: options.tags ?? [],
    flushIntervalMs: positiveInteger("flushIntervalMs", options.flushIntervalMs, 10_000),
    maxContexts: positiveInteger("maxContexts", options.maxContexts, 10_000),
    maxValuesPerContext: positiveInteger("maxValuesPerContext", options.maxValuesPerContext, 1000),
    maxQueueBytes: positiveInteger("maxQueueBytes", options.maxQueueBytes, 8 * 1024 * 1024),
    requestTimeoutMs: positiveInteger("requestTimeoutMs", options.requestTimeoutMs, 10_000),
    closeTimeoutMs: positiveInteger("closeTimeoutMs", options.closeTimeoutMs, 10_000),
    maxRetryDelayMs: positiveInteger("maxRetryDelayMs", options.maxRetryDelayMs, 30_000),
    maxRetries: nonNegativeInteger("maxRetries", options.maxRetries, 8),
  };
}
