// The DogStatsD transport's own test peer: a UDP socket on loopback and its strict datagram
// parser, which throws on any line the Agent would have to guess about. Imported from that
// package's tests until the peers move to a shared package.
export { UdpSink } from "../../../../packages/dogstatsd/test/support/sinks.js";
export { summarize } from "../../../../packages/dogstatsd/test/support/summarize.js";
