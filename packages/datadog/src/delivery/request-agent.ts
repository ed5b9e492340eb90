import http from "node:http";
import https from "node:https";
import { getProxyForUrl } from "proxy-from-env";

/** How requests leave the process (options `agent` and `proxy`). */
export interface AgentSettings {
  /** The caller's own agent, used for every request (the seam for custom transports). */
  readonly agent: http.Agent | undefined;
  /** A proxy URL; `false`: none, whatever the environment; `undefined`: from the environment. */
  readonly proxy: string | false | undefined;
}

/**
 * Chooses the agent of requests to `origin`: the caller's own `agent`; else a CONNECT tunnel
 * through `proxy`, or through the proxy that `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` name for
 * that origin unless `NO_PROXY` excludes it (read by `proxy-from-env`, as curl and most Node
 * HTTP clients read them); else a plain keep-alive agent. `https-proxy-agent` tunnels both
 * `https:` (TLS inside the tunnel) and `http:` origins; it is loaded only when a proxy applies
 * (it costs ~10 MB of RSS).
 *
 * @example
 * const agent = await requestAgent(new URL("https://api.datadoghq.eu"), { agent: undefined, proxy: "http://proxy:3128" });
 */
export async function requestAgent(origin: URL, settings: AgentSettings): Promise<http.Agent> {
  if (settings.agent !== undefined) return settings.agent;
  const proxy = settings.proxy === undefined ? getProxyForUrl(origin.href) : settings.proxy;
  if (typeof proxy === "string" && proxy !== "") {
    const { HttpsProxyAgent } = await import("https-proxy-agent");
    return new HttpsProxyAgent(proxy, { keepAlive: true, maxSockets: 4 });
  }
  return origin.protocol === "https:"
    ? new https.Agent({ keepAlive: true, maxSockets: 4 })
    : new http.Agent({ keepAlive: true, maxSockets: 4 });
}
