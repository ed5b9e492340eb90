import type * as Auth from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/auth.js";
import type * as Http from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/http/http.js";
import type * as Servers from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/servers.js";

/*
 * Only three modules of the common layer of `@datadog/datadog-api-client` are ever loaded (~5 MB,
 * ~10 ms): servers (the site URL template), auth (the API-key header) and http (request and
 * response contexts). Not its `configuration.js`, which pulls in cross-fetch, node-fetch, pako and
 * loglevel (another ~9 MB) for a fetch library we replace anyway; never its package index or the
 * v1/v2 APIs, whose `ObjectSerializer` imports every model of every API (~1 s, ~100 MB) to
 * serialise bodies our encoder writes itself. The version is pinned exactly, so these paths are
 * stable; test/startup.test.ts checks that no model module is ever loaded.
 */
const COMMON = "@datadog/datadog-api-client/dist/packages/datadog-api-client-common";

/** The common layer's modules this package uses. */
export interface CommonLayer {
  readonly auth: typeof Auth;
  readonly servers: typeof Servers;
  readonly http: typeof Http;
}

/** A CommonJS module's exports, whether loaded by Node's ESM loader or a bundler's shim. */
async function load<T>(specifier: string): Promise<T> {
  const namespace = (await import(specifier)) as { default?: T } & T;
  return namespace.default ?? namespace;
}

let loading: Promise<CommonLayer> | undefined;

/**
 * Loads the common layer once per process, on the first request (never on import or
 * construction). A failed load is tried again on the next request.
 *
 * @example
 * const { servers, auth, http } = await loadCommonLayer();
 */
export function loadCommonLayer(): Promise<CommonLayer> {
  if (loading === undefined) {
    loading = Promise.all([
      load<typeof Auth>(`${COMMON}/auth.js`),
      load<typeof Servers>(`${COMMON}/servers.js`),
      load<typeof Http>(`${COMMON}/http/http.js`),
    ]).then(([auth, servers, http]) => ({ auth, servers, http }));
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
