import type { TransportErrors } from "@metrics/transport";
import { errorName, type WireSocketEvents } from "../socket/wire-socket.js";
import type { WireStats } from "../telemetry/wire-stats.js";

/** hot-shots' error when its optional `unix-dgram` addon is absent (not compiled at install). */
const ADDON_MISSING = /unix_dgram.*not installed/i;

/** What a user needs to know instead of hot-shots' message: what is missing, why, and the fix. */
export const UNIX_DGRAM_MISSING =
  'protocol "uds" needs unix-dgram, the native addon hot-shots loads for Unix datagram sockets, and it is not installed: npm and pnpm compile it at install time with node-gyp, which needs python3, make and a C++ compiler (g++). Install those and reinstall your dependencies, or use protocol "udp"';

/**
 * What the socket tells the backend, counted in `stats` and reported through `errors`: one
 * report kind per error code and per reason for a loss, losses counted in samples.
 *
 * @example
 * ```ts
 * const socket = new WireSocket(settings, socketReports(errors, stats, "udp", "127.0.0.1:8125"));
 * ```
 */
export function socketReports(
  errors: TransportErrors,
  stats: WireStats,
  protocol: string,
  destination: string,
): WireSocketEvents {
  return {
    onTransportError(error) {
      if (ADDON_MISSING.test(error.message)) {
        const message = `${protocol} send to ${destination} failed: ${UNIX_DGRAM_MISSING}`;
        errors.report("transport_error", "transport_error:unix-dgram", message);
        return;
      }
      const name = errorName(error);
      const message = `${protocol} send to ${destination} failed (${name}): ${error.message}`;
      errors.report("transport_error", `transport_error:${name}`, message, { cause: error });
    },
    onLost(samples, bytes, reason) {
      stats.datagramsDropped += 1;
      stats.bytesDropped += bytes;
      const message = `${samples} metrics (${bytes} bytes) to ${destination} lost: ${reason}`;
      errors.report("dropped", `dropped:${reason}`, message, { dropped: samples });
    },
    onSent(bytes) {
      stats.datagramsSent += 1;
      stats.bytesSent += bytes;
    },
  };
}
