import {
  HttpStatusError,
  PayloadTooLargeError,
  RequestAbortedError,
  RequestTimeoutError,
} from "../delivery/delivery-errors.js";

/** An error as it crosses from the intake worker to the main thread (structured-clone safe). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly uncompressedBytes?: number;
  readonly compressedBytes?: number;
}

export function toWire(error: unknown): WireError {
  if (error instanceof HttpStatusError) {
    return {
      name: error.name,
      message: error.message,
      status: error.status,
      retryAfterMs: error.retryAfterMs,
    };
  }
  if (error instanceof PayloadTooLargeError) {
    return {
      name: error.name,
      message: error.message,
      uncompressedBytes: error.uncompressedBytes,
      compressedBytes: error.compressedBytes,
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: error instanceof Error ? error.name : "Error",
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === "string" ? code : undefined,
  };
}

/** The error the retry policy knows, rebuilt on the main thread. */
export function fromWire(wire: WireError): Error {
  switch (wire.name) {
    case "HttpStatusError":
      return Object.assign(new HttpStatusError(wire.status ?? 0, wire.retryAfterMs, ""), {
        message: wire.message,
      });
    case "PayloadTooLargeError":
      return new PayloadTooLargeError(wire.uncompressedBytes ?? 0, wire.compressedBytes ?? 0);
    case "RequestTimeoutError":
      return Object.assign(new RequestTimeoutError(0), { message: wire.message });
    case "RequestAbortedError":
      return new RequestAbortedError();
    default:
      return Object.assign(new Error(wire.message), { name: wire.name, code: wire.code });
  }
}
