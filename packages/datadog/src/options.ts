import type http from "node:http";
import {
  checkKnownOptions,
  configError,
  integerOption,
  type ResolvedTransportOptions,
  resolveTransportOptions,
  stringOption,
  TRANSPORT_OPTION_NAMES,
  type TransportOptions,
} from "@metrics/transport";

const OWNER = "DatadogBackend";

/** Options of `new DatadogBackend(options)`: the shared transport options and these. */
export interface DatadogBackendOptions extends TransportOptions {
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
  /** Timeout of one HTTP request, in milliseconds. Default: 10000. */
  requestTimeoutMs?: number;
  /** Longest backoff between two attempts of one payload, in milliseconds. Default: 30000. */
  maxRetryDelayMs?: number;
  /** Retries of one payload before it is reported lost (about 90 s of backoff). Default: 8. */
  maxRetries?: number;
  /** Proxy URL (`http://user:pass@proxy:3128`); `false`: none. Default: `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` unless `NO_PROXY` matches. */
  proxy?: string | false;
  /** Your own `http.Agent` / `https.Agent` for every request (overrides `proxy`). Default: a keep-alive agent. */
  agent?: http.Agent;
}

/** Options after defaults and validation. The API key is not among them: it lives apart. */
export interface ResolvedOptions extends ResolvedTransportOptions {
  /** Origin requests go to, without a trailing slash. */
  readonly origin: string;
  /** The site, when the origin came from it. */
  readonly site: string | undefined;
  readonly host: string | undefined;
  readonly tags: Readonly<Record<string, string>> | readonly string[];
  readonly requestTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxRetries: number;
  readonly proxy: string | false | undefined;
  readonly agent: http.Agent | undefined;
}

const OWN_NAMES = [
  "apiKey",
  "site",
  "baseUrl",
  "host",
  "tags",
  "requestTimeoutMs",
  "maxRetryDelayMs",
  "maxRetries",
  "proxy",
  "agent",
];

const SITE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** The bare site name (`DD_SITE=app.datadoghq.eu` is a common slip: the API is on `api.`). */
function bareSite(site: string): string {
  const bare = site.trim().toLowerCase();
  if (!SITE.test(bare)) {
    throw configError(
      OWNER,
      `site must be a Datadog site such as "datadoghq.eu", got ${JSON.stringify(site)}`,
    );
  }
  return bare.startsWith("app.") ? bare.slice(4) : bare;
}

function parseUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(OWNER, `${name} must be an absolute http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw configError(OWNER, `${name} must use http or https, got ${JSON.stringify(url.protocol)}`);
  }
  return url;
}

function integer(name: string, value: unknown, fallback: number, min: number): number {
  return integerOption(OWNER, name, value, { default: fallback, min });
}

/**
 * Validates `options` and fills in defaults; every configuration mistake throws a `MetricsError`
 * naming the option (an unknown one with the closest valid name). Returns the API key apart.
 * Datadog's own defaults: 10 s windows (the intake's resolution), 8 MiB of queue (HTTP bodies
 * are large), 100,000 set members.
 *
 * @example
 * const { apiKey, options } = resolveOptions({ site: "datadoghq.eu" }, process.env);
 */
export function resolveOptions(
  options: DatadogBackendOptions,
  env: NodeJS.ProcessEnv,
): { apiKey: string; options: ResolvedOptions } {
  checkKnownOptions(OWNER, options, [...TRANSPORT_OPTION_NAMES, ...OWN_NAMES]);
  const shared = resolveTransportOptions(OWNER, options, {
    flushIntervalMs: 10_000,
    maxQueueBytes: 8 * 1024 * 1024,
    maxSetMembers: 100_000,
  });
  const apiKey = options.apiKey ?? env.DD_API_KEY;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw configError(OWNER, "no API key: pass apiKey or set the DD_API_KEY environment variable");
  }
  const baseUrl = stringOption(OWNER, "baseUrl", options.baseUrl, undefined);
  const site =
    baseUrl === undefined ? bareSite(options.site ?? (env.DD_SITE || "datadoghq.com")) : undefined;
  let origin = `https://api.${site}`;
  if (baseUrl !== undefined) {
    const url = parseUrl("baseUrl", baseUrl);
    origin = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }
  if (typeof options.proxy === "string") parseUrl("proxy", options.proxy);
  else if (options.proxy !== undefined && options.proxy !== false) {
    throw configError(OWNER, "proxy must be a URL string or false");
  }
  const agent = options.agent;
  if (agent !== undefined && (typeof agent !== "object" || agent === null)) {
    throw configError(OWNER, "agent must be an http.Agent or https.Agent");
  }
  return {
    apiKey: apiKey.trim(),
    options: {
      ...shared,
      origin,
      site,
      host: options.host === undefined || options.host === "" ? undefined : String(options.host),
      tags: options.tags ?? [],
      requestTimeoutMs: integer("requestTimeoutMs", options.requestTimeoutMs, 10_000, 1),
      maxRetryDelayMs: integer("maxRetryDelayMs", options.maxRetryDelayMs, 30_000, 1),
      maxRetries: integer("maxRetries", options.maxRetries, 8, 0),
      proxy: options.proxy,
      agent,
    },
  };
}
