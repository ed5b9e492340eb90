import { describeDeliveryRules } from "@metrics/conformance";
import { startDogStatsdPeer } from "@metrics/test-peers";
import { DogStatsdBackend } from "../src/index.js";

// Against the strict DogStatsD parser on a real UDP socket, a real Unix datagram socket and TCP.
describeDeliveryRules(DogStatsdBackend, new URL("../dist/index.js", import.meta.url), {
  udp: () => startDogStatsdPeer("udp"),
  uds: () => startDogStatsdPeer("uds"),
  tcp: () => startDogStatsdPeer("tcp"),
});
