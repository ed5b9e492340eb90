/** Methods kept as they are; any other becomes `_OTHER` (OpenTelemetry's rule), so a client cannot invent tag values. */
const KNOWN_METHODS = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
  "QUERY",
]);

const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** A request's method as a tag value. */
export function methodTag(method: string | undefined): string {
  if (method === undefined) return "_OTHER";
  return KNOWN_METHODS.has(method) ? method : "_OTHER";
}

/** Tags of a request that got a response: method, status, status class (`2xx`), route when known. */
export function responseTags(
  method: string | undefined,
  status: number,
  route: string | undefined,
): Record<string, string> {
  const tags: Record<string, string> = {
    method: methodTag(method),
    status: String(status),
    status_class: `${Math.floor(status / 100)}xx`,
  };
  if (route !== undefined) tags.route = route;
  return tags;
}

/** Tag objects kept at most; past it, each request builds its own (memory stays bounded). */
const MAX_CACHED = 4096;

/**
 * The tags of answered requests, built once per method, status and route and reused (the facade
 * never changes a caller's tags): a few dozen combinations in a service, as routes are templates.
 */
export class ResponseTagCache {
  readonly #tags = new Map<string, Readonly<Record<string, string>>>();

  get(
    method: string | undefined,
    status: number,
    route: string | undefined,
  ): Readonly<Record<string, string>> {
    const id = `${method}\u0000${status}\u0000${route}`;
    let tags = this.#tags.get(id);
    if (tags === undefined) {
      tags = responseTags(method, status, route);
      if (this.#tags.size < MAX_CACHED) this.#tags.set(id, tags);
    }
    return tags;
  }
}

/**
 * Tags of a request that ended without a response: `outcome` (`aborted` or `error`) as status
 * and status class, and the error's code when it is one (`ECONNREFUSED`), never its message.
 */
export function failureTags(
  method: string | undefined,
  outcome: "aborted" | "error",
  error?: unknown,
): Record<string, string> {
  const tags: Record<string, string> = {
    method: methodTag(method),
    status: outcome,
    status_class: outcome,
  };
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === "string" && ERROR_CODE.test(code)) tags.error = code;
  else if (error instanceof Error && error.name === "AbortError") tags.error = "ABORT_ERR";
  return tags;
}
