export {
  type AggregatedWindow,
  Aggregator,
  type AggregatorOptions,
  type CounterContext,
  DEFAULT_MAX_CONTEXTS,
  DEFAULT_MAX_SAMPLES_PER_CONTEXT,
  DEFAULT_MAX_SET_MEMBERS,
  type GaugeContext,
  type SetContext,
} from "./aggregator.js";
export type { Context } from "./context-store.js";
export { ErrorThrottle } from "./error-throttle.js";
export { FlushWindow, type FlushWindowOptions } from "./flush-window.js";
export { multiValueLines } from "./multi-value-lines.js";
export { PacketPacker, type PacketPackerOptions } from "./packet-packer.js";
export { createReplacer } from "./replacer.js";
export { effectiveSampleRate, type SampleContext } from "./sample-reservoir.js";
export type { Tags } from "./tags.js";
