import type { Configuration } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/configuration.js";
import type { MetricsApi as MetricsApiV1 } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MetricsApi.js";
import type { MetricsApi as MetricsApiV2 } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/MetricsApi.js";
import { RequestAbortedError } from "../delivery/delivery-errors.js";
import { NodeHttpLibrary } from "../delivery/node-http-library.js";
import type { DistributionItem, SeriesItem } from "../encoding/wire-types.js";

/*
 * The client is loaded on the first request, never on import or construction: requiring
 * `@datadog/datadog-api-client` costs about a second and 100+ MB. We load only the modules the
 * two metric endpoints need (configuration, the v2 and v1 `MetricsApi`), not the package index
 * with every API; the version is pinned exactly, so these paths are stable.
 */
const CLIENT = "@datadog/datadog-api-client/dist";
const CONFIGURATION = `${CLIENT}/packages/datadog-api-client-common/configuration.js`;
const SERVERS = `${CLIENT}/packages/datadog-api-client-common/servers.js`;
const HTTP = `${CLIENT}/packages/datadog-api-client-common/http/http.js`;
const LOGGER = `${CLIENT}/logger.js`;
const METRICS_V2 = `${CLIENT}/packages/datadog-api-client-v2/apis/MetricsApi.js`;
const METRICS_V1 = `${CLIENT}/packages/datadog-api-client-v1/apis/MetricsApi.js`;

/** A CommonJS module's exports, whether loaded by Node's ESM loader or a bundler's shim. */
async function load<T>(specifier: string): Promise<T> {
  const namespace = (await import(specifier)) as { default?: T } & T;
  return namespace.default ?? namespace;
}

interface Logger {
  getLevel(): number;
  setLevel(level: number, persist?: boolean): void;
  readonly levels: { readonly DEBUG: number; readonly SILENT: number };
}

interface Loaded {
  readonly configuration: Configuration;
  readonly logger: Logger;
}

export interface IntakeSettings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly requestTimeoutMs: number;
  readonly onCompressed: (uncompressedBytes: number, compressedBytes: number) => void;
}

/**
 * The two metric endpoints, through `@datadog/datadog-api-client`, loaded lazily (it runs in
 * the intake worker, see intake-worker.ts). Each backend
 * gets its own `Configuration` whose `baseServer` is its own server object: the client's
 * `DD_SITE` handling and `setServerVariables` change module-wide server objects, which
 * `baseServer` bypasses, so one backend's site can never leak into another's.
 */
export class DatadogIntake {
  private loaded: Promise<Loaded> | undefined;
  private v2: Promise<MetricsApiV2> | undefined;
  private v1: Promise<MetricsApiV1> | undefined;
  private http: NodeHttpLibrary | undefined;
  private stopped = false;

  constructor(private readonly settings: IntakeSettings) {}

  /** `POST /api/v2/series`, gzip-compressed. */
  async submitSeries(series: SeriesItem[]): Promise<void> {
    const [api, { logger }] = await Promise.all([this.metricsV2(), this.load()]);
    if (this.stopped) throw new RequestAbortedError();
    await quietly(logger, () =>
      api.submitMetrics({ body: { series: series as never }, contentEncoding: "gzip" }),
    );
  }

  /** `POST /api/v1/distribution_points`, deflate-compressed (the only encoding it takes). */
  async submitDistributions(series: DistributionItem[]): Promise<void> {
    const [api, { logger }] = await Promise.all([this.metricsV1(), this.load()]);
    if (this.stopped) throw new RequestAbortedError();
    await quietly(logger, () =>
      api.submitDistributionPoints({
        body: { series: series as never },
        contentEncoding: "deflate",
      }),
    );
  }

  /** Abandons the request in flight, if any, and any the client was still loading for. */
  abortInFlight(): void {
    this.stopped = true;
    this.http?.abortAll();
  }

  /** Closes kept-alive sockets. */
  destroy(): void {
    this.http?.destroy();
  }

  private load(): Promise<Loaded> {
    if (this.loaded === undefined) {
      this.loaded = this.createConfiguration();
      // A failed load (package missing) is tried again on the next request, not cached.
      this.loaded.catch(() => {
        this.loaded = undefined;
      });
    }
    return this.loaded;
  }

  private async createConfiguration(): Promise<Loaded> {
    const [configuration, servers, http, { logger }] = await Promise.all([
      load<
        typeof import("@datadog/datadog-api-client/dist/packages/datadog-api-client-common/configuration.js")
      >(CONFIGURATION),
      load<
        typeof import("@datadog/datadog-api-client/dist/packages/datadog-api-client-common/servers.js")
      >(SERVERS),
      load<
        typeof import("@datadog/datadog-api-client/dist/packages/datadog-api-client-common/http/http.js")
      >(HTTP),
      load<{ logger: Logger }>(LOGGER),
    ]);
    this.http = new NodeHttpLibrary({
      timeoutMs: this.settings.requestTimeoutMs,
      ResponseContext: http.ResponseContext,
      onCompressed: this.settings.onCompressed,
    });
    return {
      configuration: configuration.createConfiguration({
        authMethods: { apiKeyAuth: this.settings.apiKey },
        baseServer: new servers.BaseServerConfiguration(this.settings.baseUrl, {}),
        httpApi: this.http,
        // Retries are ours (see RetryPolicy): the client's own cannot retry network errors
        // (#1932) and `maxRetries: 0` means 3. Keep them off.
        enableRetry: false,
        debug: false,
      }),
      logger,
    };
  }

  private metricsV2(): Promise<MetricsApiV2> {
    if (this.v2 !== undefined) return this.v2;
    this.v2 = Promise.all([
      load<
        typeof import("@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/MetricsApi.js")
      >(METRICS_V2),
      this.load(),
    ]).then(([module, { configuration }]) => new module.MetricsApi(configuration));
    this.v2.catch(() => {
      this.v2 = undefined;
    });
    return this.v2;
  }

  private metricsV1(): Promise<MetricsApiV1> {
    if (this.v1 !== undefined) return this.v1;
    this.v1 = Promise.all([
      load<
        typeof import("@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MetricsApi.js")
      >(METRICS_V1),
      this.load(),
    ]).then(([module, { configuration }]) => new module.MetricsApi(configuration));
    this.v1.catch(() => {
      this.v1 = undefined;
    });
    return this.v1;
  }
}

/**
 * Runs a client call with its logger silenced when it is at debug level. Any `DEBUG` variable
 * (set for the `debug` package, say) turns the client's logger to debug, and its serialiser then
 * logs two lines per distribution point while it tries each `oneOf` type. The client serialises
 * synchronously inside the call, so the level is restored before any other code runs.
 */
function quietly<T>(logger: Logger, call: () => T): T {
  const level = logger.getLevel();
  if (level > logger.levels.DEBUG) return call();
  logger.setLevel(logger.levels.SILENT, false);
  try {
    return call();
  } finally {
    logger.setLevel(level, false);
  }
}
