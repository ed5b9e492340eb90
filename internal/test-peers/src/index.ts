// The real peers of every StatsD-family test and the bench, in one place.
export {
  type CountingPeer,
  type PeerProtocol,
  type PeerTotals,
  startDogStatsdPeer,
  startEtsyPeer,
} from "./counting-peer.js";
export {
  MalformedDatagramError,
  type MetricType,
  type ParsedEvent,
  type ParsedLine,
  type ParsedMetric,
  parseDatagram,
  parseLine,
  tagRecord,
} from "./dogstatsd-parser.js";
export {
  type FinalFlush,
  freeTcpPort,
  freeUdpPort,
  type StatsdDaemon,
  type StatsdDaemonOptions,
  startStatsdDaemon,
} from "./etsy-daemon.js";
export { type LineSink, startLineSink } from "./line-sink.js";
export { type Datagram, type Sink, TcpSink, UdpSink, UdsSink } from "./sinks.js";
export {
  parseStatsdDatagrams,
  parseStatsdLine,
  type StatsdLine,
  type StatsdTagFormat,
  type StatsdValue,
} from "./statsd-parser.js";
export { contextOf, type Summary, seededRandom, sorted, summarize } from "./summarize.js";
