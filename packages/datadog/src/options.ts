import type http from "node:http";
import { type ErrorHandler, MetricsError } from "@metrics/core";
import { closestName } from "./closest-name.js";

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
  /** Contexts (name + tags) held per window; at the bound the window is sent early. Default: 10000. */
  maxContexts?: number;
  /** Opt-in sampling: values kept per distribution context per window; the rest are reported lost. Default: none (every value is sent; a context is sent early every 1000 values). */
  maxSamplesPerContext?: number;
  /** Bytes (uncompressed JSON) held for sending or retrying; past it the oldest go, reported. Default: 8 MiB. */
  maxQueueBytes?: number;
  /** Timeout of one HTTP request, in milliseconds. Default: 10000. */
  requestTimeoutMs?: number;
  /** Longest `flush()` waits for delivery, in milliseconds; what is left stays queued. Default: 15000. */
  flushTimeoutMs?: number;
  /** Longest `close()` takes, in milliseconds; what is still undelivered then is reported lost. Default: 10000. */
  closeTimeoutMs?: number;
  /** Longest backoff between two attempts of one payload, in milliseconds. Default: 30000. */
  maxRetryDelayMs?: number;
  /** Retries of one payload before it is reported lost (about 90 s of backoff). Default: 8. */
  maxRetries?: number;
  /** Proxy URL (`http://user:pass@proxy:3128`); `false`: none. Default: `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` unless `NO_PROXY` matches. */
  proxy?: string | false;
  /** Your own `http.Agent` / `https.Agent` for every request (overrides `proxy`). Default: a keep-alive agent. */
  agent?: http.Agent;
  /** Receives every failure. Default: `reportError` of `@metrics/core`. */
  onError?: ErrorHandler;
}

/** Options after defaults and validation. The API key is not among them: it lives apart. */
export interface ResolvedOptions {
  /** Origin requests go to, without a trailing slash. */
  readonly origin: string;
  /** The site, when the origin came from it. */
  readonly site: string | undefined;
  readonly host: string | undefined;
  readonly tags: Readonly<Record<string, string>> | readonly string[];
  readonly flushIntervalMs: number;
  readonly maxContexts: number;
  readonly maxSamplesPerContext: number | undefined;
  readonly maxQueueBytes: number;
  readonly requestTimeoutMs: number;
  readonly flushTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxRetries: number;
  readonly proxy: string | false | undefined;
  readonly agent: http.Agent | undefined;
}

const KNOWN: readonly (keyof DatadogBackendOptions)[] = [
  "apiKey",
  "site",
  "baseUrl",
  "host",
  "tags",
  "flushIntervalMs",
  "maxContexts",
  "maxSamplesPerContext",
  "maxQueueBytes",
  "requestTimeoutMs",
  "flushTimeoutMs",
  "closeTimeoutMs",
  "maxRetryDelayMs",
  "maxRetries",
  "proxy",
  "agent",
  "onError",
];

const SITE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function fail(message: string, key?: string): never {
  throw new MetricsError("invalid_value", `@metrics/datadog: ${message}`, { key });
}

function integer(name: string, value: unknown, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < minimum) {
    const kind = minimum === 0 ? "a non-negative" : "a positive";
    fail(`\`${name}\` must be ${kind} integer, got ${String(value)}.`, name);
  }
  return value as number;
}

/** The bare site name (`DD_SITE=app.datadoghq.eu` is a common slip: the API is on `api.`). */
function bareSite(site: string): string {
  const bare = site.trim().toLowerCase();
  if (!SITE.test(bare)) {
    fail(`\`site\` must be a Datadog site such as "datadoghq.eu", got ${JSON.stringify(site)}.`);
  }
  return bare.startsWith("app.") ? bare.slice(4) : bare;
}

function parseUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`\`${name}\` must be an absolute http(s) URL.`, name);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    fail(`\`${name}\` must use http or https, got ${JSON.stringify(url.protocol)}.`, name);
  }
  return url;
}

/**
 * Validates `options` and fills in defaults; every configuration mistake throws a `MetricsError`
 * naming the option (an unknown one with the closest valid name). Returns the API key apart.
 *
 * @example
 * const { apiKey, options } = resolveOptions({ site: "datadoghq.eu" }, process.env);
 */
export function resolveOptions(
  options: DatadogBackendOptions,
  env: NodeJS.ProcessEnv,
): { apiKey: string; options: ResolvedOptions } {
  if (typeof options !== "object" || options === null) fail("options must be an object.");
  for (const name of Object.keys(options)) {
    if (!(KNOWN as readonly string[]).includes(name)) {
      const closest = closestName(name, KNOWN);
      const hint = closest === undefined ? "" : ` Did you mean \`${closest}\`?`;
      fail(`unknown option \`${name}\`.${hint}`, name);
    }
  }
  const apiKey = options.apiKey ?? env.DD_API_KEY;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    fail("no API key: pass `apiKey` or set the DD_API_KEY environment variable.", "apiKey");
  }
  const siteName = options.site ?? env.DD_SITE;
  const site = options.baseUrl === undefined ? bareSite(siteName || "datadoghq.com") : undefined;
  let origin = `https://api.${site}`;
  if (options.baseUrl !== undefined) {
    const url = parseUrl("baseUrl", options.baseUrl);
    origin = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }
  if (typeof options.proxy === "string") parseUrl("proxy", options.proxy);
  else if (options.proxy !== undefined && options.proxy !== false) {
    fail("`proxy` must be a URL string or false.", "proxy");
  }
  const agent = options.agent;
  if (agent !== undefined && (typeof agent !== "object" || agent === null)) {
    fail("`agent` must be an http.Agent or https.Agent.", "agent");
  }
  if (options.onError !== undefined && typeof options.onError !== "function") {
    fail("`onError` must be a function.", "onError");
  }
  return {
    apiKey: apiKey.trim(),
    options: {
      origin,
      site,
      host: options.host === undefined || options.host === "" ? undefined : String(options.host),
      tags: options.tags ?? [],
      flushIntervalMs: integer("flushIntervalMs", options.flushIntervalMs, 10_000, 1),
      maxContexts: integer("maxContexts", options.maxContexts, 10_000, 1),
      maxSamplesPerContext:
        options.maxSamplesPerContext === undefined
          ? undefined
          : integer("maxSamplesPerContext", options.maxSamplesPerContext, 0, 1),
      maxQueueBytes: integer("maxQueueBytes", options.maxQueueBytes, 8 * 1024 * 1024, 1),
      requestTimeoutMs: integer("requestTimeoutMs", options.requestTimeoutMs, 10_000, 1),
      flushTimeoutMs: integer("flushTimeoutMs", options.flushTimeoutMs, 15_000, 1),
      closeTimeoutMs: integer("closeTimeoutMs", options.closeTimeoutMs, 10_000, 1),
      maxRetryDelayMs: integer("maxRetryDelayMs", options.maxRetryDelayMs, 30_000, 1),
      maxRetries: integer("maxRetries", options.maxRetries, 8, 0),
      proxy: options.proxy,
      agent,
    },
  };
}
