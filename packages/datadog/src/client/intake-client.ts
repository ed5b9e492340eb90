import type http from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { SecurityAuthentication } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/auth.js";
import type { BaseServerConfiguration } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/servers.js";
import { PayloadTooLargeError, RequestAbortedError } from "../delivery/delivery-errors.js";
import { MAX_COMPRESSED_BYTES, MAX_UNCOMPRESSED_BYTES } from "../delivery/limits.js";
import { NodeHttpLibrary } from "../delivery/node-http-library.js";
import { type AgentSettings, requestAgent } from "../delivery/request-agent.js";
import { bodyOf, type PackedPayload, type PayloadKind } from "../encoding/pack-payloads.js";
import { type CommonLayer, loadCommonLayer } from "./common-layer.js";

// node:zlib compresses on libuv's thread pool: the main thread only hands the bytes over.
const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);
/**
 * Fastest compression: on a body of 250,000 timings with decimals it takes half the CPU of zlib's
 * default level (114 vs 234 ns per value on this machine kind) for 4% more bytes; the service's
 * CPU is worth more than that bandwidth.
 */
const COMPRESSION = { level: zlib.constants.Z_BEST_SPEED };

/** Path, operation name (the client's server table key) and encoding of each endpoint. */
const ENDPOINTS: Record<PayloadKind, { path: string; encoding: "gzip" | "deflate" | undefined }> = {
  series: { path: "/api/v2/series", encoding: "gzip" },
  distribution: { path: "/api/v1/distribution_points", encoding: "deflate" },
  event: { path: "/api/v1/events", encoding: undefined },
};

/** What the common layer gives one backend: its server, its authentication, and our transport. */
interface Prepared {
  readonly server: BaseServerConfiguration;
  readonly auth: SecurityAuthentication;
  readonly library: NodeHttpLibrary;
  readonly layer: CommonLayer;
}

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
 * Sends encoded payloads through the API client's common layer: its server template (the site's
 * URL), its API-key authentication and its request context (with the client's user agent) build
 * each request, our `NodeHttpLibrary` sends it. Bodies are compressed here (gzip for series,
 * deflate for distributions) and checked against the intake's limits; a body over them fails with
 * `PayloadTooLargeError` so the outbox splits it. Each backend has its own server object: the
 * client's `DD_SITE` handling and `setServerVariables` change module-wide servers, never ours.
 *
 * @example
 * const client = new IntakeClient({ apiKey, origin: "https://api.datadoghq.eu", site: "datadoghq.eu", requestTimeoutMs: 10_000, agent: undefined, proxy: undefined, onCompressed: () => {} });
 * await client.submit(payload);
 */
export class IntakeClient {
  readonly #settings: IntakeClientSettings;
  #ready: Promise<Prepared> | undefined;
  #library: NodeHttpLibrary | undefined;
  #agent: http.Agent | undefined;
  /** Counts `abortInFlight()` calls: a submit started before one is not sent. */
  #aborts = 0;

  constructor(settings: IntakeClientSettings) {
    this.#settings = settings;
  }

  /** Sends one payload; resolves when the intake accepted it (2xx). */
  async submit(payload: PackedPayload): Promise<void> {
    const aborts = this.#aborts;
    const { server, auth, library, layer } = await this.#prepare();
    if (this.#aborts !== aborts) throw new RequestAbortedError();
    const endpoint = ENDPOINTS[payload.kind];
    const raw = bodyOf(payload);
    if (raw.length > MAX_UNCOMPRESSED_BYTES) throw new PayloadTooLargeError(raw.length, 0);
    let body = raw;
    if (endpoint.encoding !== undefined) {
      body = await (endpoint.encoding === "gzip"
        ? gzip(raw, COMPRESSION)
        : deflate(raw, COMPRESSION));
      this.#settings.onCompressed(raw.length, body.length);
    }
    if (body.length > MAX_COMPRESSED_BYTES) throw new PayloadTooLargeError(raw.length, body.length);
    // Loading the common layer or compressing may outlast a deadline: then nothing goes out.
    if (this.#aborts !== aborts) throw new RequestAbortedError();
    const request = server.makeRequestContext(endpoint.path, layer.http.HttpMethod.POST);
    request.setHeaderParam("Content-Type", "application/json");
    request.setHeaderParam("Accept", "application/json");
    if (endpoint.encoding !== undefined) {
      request.setHeaderParam("Content-Encoding", endpoint.encoding);
    }
    request.setBody(body);
    auth.applySecurityAuthentication(request);
    await library.send(request);
  }

  /** Abandons every submit in progress (a deadline has passed); later submits go out as usual. */
  abortInFlight(): void {
    this.#aborts += 1;
    this.#library?.abortAll();
  }

  /** Aborts requests in flight and closes the sockets of an agent this client created. */
  destroy(): void {
    this.abortInFlight();
    if (this.#settings.agent === undefined) this.#agent?.destroy();
  }

  /** Loads the common layer and builds this backend's server, authentication and agent, once. */
  #prepare(): Promise<Prepared> {
    if (this.#ready === undefined) {
      this.#ready = Promise.all([loadCommonLayer(), this.#createAgent()]).then(([layer, agent]) =>
        this.#configure(layer, agent),
      );
      this.#ready.catch(() => {
        this.#ready = undefined;
      });
    }
    return this.#ready;
  }

  async #createAgent(): Promise<http.Agent> {
    this.#agent = await requestAgent(new URL(this.#settings.origin), this.#settings);
    return this.#agent;
  }

  #configure(layer: CommonLayer, agent: http.Agent): Prepared {
    const settings = this.#settings;
    this.#library = new NodeHttpLibrary({
      timeoutMs: settings.requestTimeoutMs,
      ResponseContext: layer.http.ResponseContext,
      agent,
    });
    // The site's server is a copy of the client's own template (`https://{subdomain}.{site}`),
    // never the module-wide object that `DD_SITE` and `setServerVariables` change.
    let server: BaseServerConfiguration;
    if (settings.site === undefined) {
      server = new layer.servers.BaseServerConfiguration(settings.origin, {});
    } else {
      server = layer.servers.server1.clone();
      server.setVariables({ site: settings.site, subdomain: "api" });
    }
    const auth = new layer.auth.ApiKeyAuthAuthentication(settings.apiKey);
    return { server, auth, library: this.#library, layer };
  }
}
