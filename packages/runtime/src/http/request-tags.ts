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

/** Tags of a request that got a response: method, status, status class (`2xx`). */
export function responseTags(method: string | undefined, status: number): Record<string, string> {
  return {
    method: methodTag(method),
    status: String(status),
    status_class: `${Math.floor(status / 100)}xx`,
  };
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
