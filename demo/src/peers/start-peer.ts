import type { BackendName } from "../backend.js";
import { startDatadogIntake } from "./datadog-intake.js";
import { startEtsyStatsd } from "./etsy-statsd.js";
import { startLogLines } from "./log-lines.js";
import type { Peer } from "./peer.js";

/** Starts what receives the chosen backend's metrics. */
export async function startPeer(backend: BackendName): Promise<Peer> {
  switch (backend) {
    case "statsd":
    case "dogstatsd":
      return startEtsyStatsd();
    case "datadog":
      return startDatadogIntake();
    case "logging":
      return startLogLines();
  }
}
