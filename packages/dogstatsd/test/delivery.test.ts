import { fileURLToPath } from "node:url";
import { describeDeliveryRules } from "@metrics/conformance";
import { startDogStatsdPeer } from "@metrics/test-peers";
import { DogStatsdBackend, type DogStatsdBackendOptions } from "../src/index.js";

// Against the strict DogStatsD parser on a real UDP socket, a real Unix datagram socket and TCP.
// The child-process rows run the built package, as users do (`turbo run test` builds it first).
describeDeliveryRules({
  name: "DogStatsdBackend",
  create: (options) => new DogStatsdBackend(options as DogStatsdBackendOptions),
  built: {
    entry: fileURLToPath(new URL("../dist/index.js", import.meta.url)),
    exportName: "DogStatsdBackend",
  },
  peers: {
    udp: () => startDogStatsdPeer("udp"),
    uds: () => startDogStatsdPeer("uds"),
    tcp: () => startDogStatsdPeer("tcp"),
  },
});
