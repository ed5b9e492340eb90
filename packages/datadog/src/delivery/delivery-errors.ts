/** The intake answered with a status other than 2xx. */
export class HttpStatusError extends Error {
  override readonly name = "HttpStatusError";
  constructor(
    readonly status: number,
    /** Wait the server asked for (`x-ratelimit-reset`, `retry-after`), in milliseconds. */
    readonly retryAfterMs: number | undefined,
    detail: string,
  ) {
    super(`HTTP ${status}${detail === "" ? "" : `: ${detail}`}`);
  }
}

/** The request body, once encoded, is larger than the intake accepts; split it and try again. */
export class PayloadTooLargeError extends Error {
  override readonly name = "PayloadTooLargeError";
  constructor(
    readonly uncompressedBytes: number,
    readonly compressedBytes: number,
  ) {
    super(`payload too large: ${uncompressedBytes} bytes, ${compressedBytes} compressed`);
  }
}

/** No answer within the request timeout. */
export class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
  readonly code = "ETIMEDOUT";
  constructor(timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
  }
}

/** The request was abandoned because the backend is closing. */
export class RequestAbortedError extends Error {
  override readonly name = "RequestAbortedError";
  constructor() {
    super("request aborted: backend closed");
  }
}
