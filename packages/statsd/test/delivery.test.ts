import { fileURLToPath } from "node:url";
import { describeDeliveryRules } from "@metrics/conformance";
import { startEtsyPeer } from "@metrics/test-peers";
import { StatsdBackend, type StatsdBackendOptions } from "../src/index.js";

// Against the real Etsy StatsD daemon, over UDP and TCP. The child-process rows run the built
// package, as users do (`turbo run test` builds it first).
describeDeliveryRules({
  name: "StatsdBackend",
  create: (options) => new StatsdBackend(options as StatsdBackendOptions),
  built: {
    entry: fileURLToPath(new URL("../dist/index.js", import.meta.url)),
    exportName: "StatsdBackend",
  },
  peers: { udp: () => startEtsyPeer("udp"), tcp: () => startEtsyPeer("tcp") },
});
