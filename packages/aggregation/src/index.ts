export {
  type AggregatedWindow,
  Aggregator,
  type AggregatorOptions,
  type CounterContext,
  DEFAULT_MAX_CONTEXTS,
  DEFAULT_MAX_SET_MEMBERS,
  DEFAULT_VALUES_PER_SPILL,
  type GaugeContext,
  type SetContext,
} from "./aggregator.js";
export type { Context } from "./context-store.js";
export { MetricKind, type SampleKind } from "./metric-kind.js";
export { effectiveSampleRate, type SampleContext } from "./sample-reservoir.js";
export type { Tags } from "./tags.js";
