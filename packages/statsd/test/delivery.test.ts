import { describeDeliveryRules } from "@metrics/conformance";
import { startEtsyPeer } from "@metrics/test-peers";
import { StatsdBackend } from "../src/index.js";

// Against the real Etsy StatsD daemon, over UDP and TCP.
describeDeliveryRules(StatsdBackend, new URL("../dist/index.js", import.meta.url), {
  udp: () => startEtsyPeer("udp"),
  tcp: () => startEtsyPeer("tcp"),
});
