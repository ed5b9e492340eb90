import type http from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Configuration } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/configuration.js";
import { PayloadTooLargeError, RequestAbortedError } from "../delivery/delivery-errors.js";
import { MAX_COMPRESSED_BYTES, MAX_UNCOMPRESSED_BYTES } from "../delivery/limits.js";
import { NodeHttpLibrary } from "../delivery/node-http-library.js";
import { type AgentSettings, requestAgent } from "../delivery/request-agent.js";
import { bodyOf, type PackedPayload, type PayloadKind } from "../encoding/pack-payloads.js";
import { type CommonLayer, loadCommonLayer } from "./common-layer.js";

// node:zlib compresses on libuv's thread pool: the main thread only hands the bytes over.
const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);

/** Path, operation name (the client's server table key) and encoding of each endpoint. */
const ENDPOINTS: Record<
  PayloadKind,
  { path: string; operation: string; encoding: "gzip" | "deflate" | undefined }
> = {
  series: { path: "/api/v2/series", operation: "v2.MetricsApi.submitMetrics", encoding: "gzip" },
  distribution: {
    path: "/api/v1/distribution_points",
    operation: "v1.MetricsApi.submitDistributionPoints",
    encoding: "deflate",
  },
  event: { path: "/api/v1/events", operation: "v1.EventsApi.createEvent", encoding: undefined },
};

export interface IntakeClientSettings extends AgentSettings {
  readonly apiKey: string;
  /** `https://api.<site>` from `site`, or the caller's `baseUrl`. */
  readonly origin: string;
  /** Whether `origin` came from `site` (then the client's own server template is used). */
  readonly site: string | undefined;
  readonly requestTimeoutMs: number;
  /** Told the compression ratio of every body, so the next bodies can be sized. */
  readonly onCompressed: (uncompressedBytes: number, compressedBytes: number) => void;
}

/**
 * Sends encoded payloads through the API client's common layer: its `Configuration` (site
 * servers, API-key authentication, user agent) builds each request, our `NodeHttpLibrary` sends
 * it. Bodies are compressed here (gzip for series, deflate for distributions) and checked against
 * the intake's limits; a body over them fails with `PayloadTooLargeError` so the outbox splits it.
 * Each backend has its own `Configuration` whose `baseServer` is its own server object: the
 * client's `DD_SITE` handling changes module-wide servers, which `baseServer` bypasses.
 *
 * @example
 * const client = new IntakeClient({ apiKey, origin: "https://api.datadoghq.eu", site: "datadoghq.eu", requestTimeoutMs: 10_000, agent: undefined, proxy: undefined, onCompressed: () => {} });
 * await client.submit(payload);
 */
export class IntakeClient {
  readonly #settings: IntakeClientSettings;
  #ready: Promise<{ configuration: Configuration; layer: CommonLayer }> | undefined;
  #library: NodeHttpLibrary | undefined;
  #agent: http.Agent | undefined;
  #stopped = false;

  constructor(settings: IntakeClientSettings) {
    this.#settings = settings;
  }

  /** Sends one payload; resolves when the intake accepted it (2xx). */
  async submit(payload: PackedPayload): Promise<void> {
    const { configuration, layer } = await this.#prepare();
    if (this.#stopped) throw new RequestAbortedError();
    const endpoint = ENDPOINTS[payload.kind];
    const raw = bodyOf(payload);
    if (raw.length > MAX_UNCOMPRESSED_BYTES) throw new PayloadTooLargeError(raw.length, 0);
    let body = raw;
    if (endpoint.encoding !== undefined) {
      body = await (endpoint.encoding === "gzip" ? gzip(raw) : deflate(raw));
      this.#settings.onCompressed(raw.length, body.length);
    }
    if (body.length > MAX_COMPRESSED_BYTES) throw new PayloadTooLargeError(raw.length, body.length);
    if (this.#stopped) throw new RequestAbortedError();
    const server = configuration.getServer(endpoint.operation);
    const request = server.makeRequestContext(endpoint.path, layer.http.HttpMethod.POST);
    request.setHeaderParam("Content-Type", "application/json");
    request.setHeaderParam("Accept", "application/json");
    if (endpoint.encoding !== undefined) {
      request.setHeaderParam("Content-Encoding", endpoint.encoding);
    }
    request.setBody(body);
    layer.configuration.applySecurityAuthentication(configuration, request, ["apiKeyAuth"]);
    await configuration.httpApi.send(request);
  }

  /** Abandons requests in flight and any later one (the backend's deadline has passed). */
  abortInFlight(): void {
    this.#stopped = true;
    this.#library?.abortAll();
  }

  /** Aborts requests in flight and closes the sockets of an agent this client created. */
  destroy(): void {
    this.abortInFlight();
    if (this.#settings.agent === undefined) this.#agent?.destroy();
  }

  /** Loads the common layer and builds this backend's configuration, once. */
  #prepare(): Promise<{ configuration: Configuration; layer: CommonLayer }> {
    if (this.#ready === undefined) {
      this.#ready = loadCommonLayer().then((layer) => ({
        configuration: this.#configure(layer),
        layer,
      }));
      this.#ready.catch(() => {
        this.#ready = undefined;
      });
    }
    return this.#ready;
  }

  #configure(layer: CommonLayer): Configuration {
    const settings = this.#settings;
    const origin = new URL(settings.origin);
    this.#agent = requestAgent(origin, settings);
    this.#library = new NodeHttpLibrary({
      timeoutMs: settings.requestTimeoutMs,
      ResponseContext: layer.http.ResponseContext,
      agent: this.#agent,
    });
    // The site's server is a copy of the client's own template (`https://{subdomain}.{site}`),
    // never the module-wide object that `DD_SITE` and `setServerVariables` change.
    const baseServer =
      settings.site === undefined
        ? new layer.servers.BaseServerConfiguration(settings.origin, {})
        : layer.servers.server1.clone();
    if (settings.site !== undefined) baseServer.setVariables({ site: settings.site });
    return layer.configuration.createConfiguration({
      authMethods: { apiKeyAuth: settings.apiKey },
      baseServer,
      httpApi: this.#library,
      // Retries are ours (see RetryPolicy): the client's cannot retry network errors (#1932) and
      // `maxRetries: 0` means 3. They only apply to its API classes anyway, never loaded here.
      enableRetry: false,
      debug: false,
    });
  }
}
