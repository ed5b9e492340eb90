import type { MetricsError } from "@metrics/core";
import { TransportErrors } from "@metrics/transport";
import { describe, expect, it } from "vitest";
import { socketReports, UNIX_DGRAM_MISSING } from "../src/stack/backend/socket-reports.js";
import { WireStats } from "../src/stack/telemetry/wire-stats.js";

// hot-shots throws this (lib/transport.js) when `protocol: "uds"` is used and its optional
// unix-dgram addon was not compiled: a machine without a C++ toolchain at install time.
const HOT_SHOTS_MESSAGE =
  "The library `unix_dgram`, needed for the uds protocol to work, is not installed. You need to pick another protocol to use hot-shots. See the hot-shots README for additional details.";

/** The socket reports of `protocol` to `address`, every report collected. */
function reporting(protocol: "udp" | "uds", address: string) {
  const errors: MetricsError[] = [];
  const errorsOut = new TransportErrors({
    onError: (e) => errors.push(e),
    intervalMs: 0,
    source: "@metrics/statsd",
  });
  return { errors, reports: socketReports(errorsOut, new WireStats(), protocol, address) };
}

describe("socket reports", () => {
  it("say exactly what is missing when the unix-dgram addon was not built", () => {
    const { errors, reports } = reporting("uds", "/tmp/dsd.socket");
    reports.onTransportError(new Error(HOT_SHOTS_MESSAGE));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(UNIX_DGRAM_MISSING);
    expect(errors[0]!.message).toMatch(/python3, make and a C\+\+ compiler/);
    expect(errors[0]!.message).not.toContain("hot-shots README");
  });

  it("pass any other socket error through with its code", () => {
    const { errors, reports } = reporting("udp", "127.0.0.1:8125");
    reports.onTransportError(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    );
    expect(errors[0]!.message).toContain(
      "udp send to 127.0.0.1:8125 failed (ECONNREFUSED): connect ECONNREFUSED",
    );
  });
});
