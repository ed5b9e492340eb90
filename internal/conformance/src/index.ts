export type { PeerStarters, TransportClass } from "./delivery/delivery-harness.js";
export { describeDeliveryRules } from "./delivery/describe-delivery.js";
export { describeConformance } from "./describe-conformance.js";
export type { Harness, HarnessInstance } from "./harness.js";
export { HOSTILE_STRINGS, LONG_STRING } from "./hostile-strings.js";
export type { ReceivedMetric, WireShape } from "./received-metric.js";
export { tagsFromPairs } from "./tags-from-pairs.js";
