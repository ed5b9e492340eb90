import zlib from "node:zlib";
import { Ajv, type ValidateFunction } from "ajv";
import { DISTRIBUTION_SCHEMA, EVENT_SCHEMA, SERIES_SCHEMA, V1_SERIES_SCHEMA } from "./schemas.js";

export const EVENTS = "/api/v1/events";

const ajv = new Ajv({ allErrors: true, strict: true });
const validators: Record<string, ValidateFunction> = {
  "/api/v2/series": ajv.compile(SERIES_SCHEMA),
  "/api/v1/distribution_points": ajv.compile(DISTRIBUTION_SCHEMA),
  "/api/v1/events": ajv.compile(EVENT_SCHEMA),
  "/api/v1/series": ajv.compile(V1_SERIES_SCHEMA),
};
const EXPECTED_ENCODING: Record<string, string> = {
  "/api/v2/series": "gzip",
  "/api/v1/distribution_points": "deflate",
  // The older series API, as datadog-metrics (a benchmark peer) sends it: uncompressed.
  "/api/v1/series": "identity",
  // Events are small: plain JSON.
  "/api/v1/events": "identity",
};

/** A request body decoded and validated, or what is wrong with it. */
export interface DecodedBody {
  readonly body?: unknown;
  readonly problem?: string;
  readonly uncompressedBytes: number;
}

/**
 * Decodes one request body of `path` as the Datadog intake does: the encoding the endpoint takes
 * (or, when `strictEncoding` is off, none), 500 kB compressed and 5 MB decompressed at most,
 * JSON, and the API's schema.
 *
 * @example
 * const { body, problem } = decodeBody("/api/v2/series", "gzip", raw, true);
 */
export function decodeBody(
  path: string,
  encoding: string | undefined,
  raw: Buffer,
  strictEncoding: boolean,
): DecodedBody {
  const validate = validators[path];
  if (validate === undefined) return { problem: `unknown path ${path}`, uncompressedBytes: 0 };
  const lenient = !strictEncoding && encoding === undefined;
  if (!lenient && (encoding ?? "identity") !== EXPECTED_ENCODING[path]) {
    return { problem: `${path}: encoding ${String(encoding)}`, uncompressedBytes: 0 };
  }
  if (raw.length > 512_000) {
    return { problem: `${path}: ${raw.length} bytes compressed`, uncompressedBytes: 0 };
  }
  let text: string;
  try {
    const decoded =
      encoding === undefined
        ? raw
        : encoding === "gzip"
          ? zlib.gunzipSync(raw)
          : zlib.inflateSync(raw);
    text = decoded.toString("utf8");
  } catch (error) {
    return { problem: `${path}: cannot decompress: ${String(error)}`, uncompressedBytes: 0 };
  }
  const uncompressedBytes = Buffer.byteLength(text);
  if (uncompressedBytes > 5_242_880) {
    return { problem: `${path}: ${uncompressedBytes} bytes decompressed`, uncompressedBytes };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { problem: `${path}: not JSON`, uncompressedBytes };
  }
  if (!validate(body)) {
    return { problem: `${path}: ${ajv.errorsText(validate.errors)}`, uncompressedBytes };
  }
  return { body, uncompressedBytes };
}
