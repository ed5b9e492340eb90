export type { EventOptions, MetricsBackend, TagInput, Tags, TagValue } from "./backend.js";
export { FunnelBackend } from "./backends/funnel-backend.js";
export {
  type EventRecord,
  type MetricRecord,
  type MetricType,
  RecordingBackend,
} from "./backends/recording-backend.js";
export { configureFromEnv } from "./configure-from-env.js";
export { type ErrorHandler, MetricsError, type MetricsErrorCode } from "./errors.js";
export { type ConfigureOptions, close, configure, flush, getBackend } from "./facade/configure.js";
export { type MetricContext, metricContext } from "./facade/context.js";
export { type EventCallOptions, event } from "./facade/event.js";
export { metrics } from "./facade/metrics.js";
export { distribution, gauge, type Incr, incr, set, timing } from "./facade/record.js";
export { addGlobalTags, withTags } from "./facade/scope.js";
export { time, type Wrapper, wraps } from "./facade/time.js";
export { Timer, timer } from "./facade/timer.js";
export type { EmitOptions, IncrOptions } from "./options.js";
export type { MetricKind } from "./pipeline/emit.js";
export { callSafely, reportError } from "./report.js";
export { noopBackend } from "./slot/global-state.js";
