export type { EventOptions, MetricsBackend, TagInput, Tags, TagValue } from "./backend.js";
export { FunnelBackend } from "./backends/funnel-backend.js";
export {
  type MetricRecord,
  type MetricType,
  RecordingBackend,
} from "./backends/recording-backend.js";
export { type ConfigureOptions, close, configure, flush, getBackend } from "./configure.js";
export { configureFromEnv } from "./configure-from-env.js";
export type { MetricKind } from "./emit.js";
export { type ErrorHandler, MetricsError, type MetricsErrorCode } from "./errors.js";
export { NOOP as noopBackend } from "./global-state.js";
export { metrics } from "./metrics.js";
export type { EmitOptions, IncrOptions } from "./options.js";
export { distribution, gauge, type Incr, incr, set, timing } from "./record.js";
export { callSafely, reportError } from "./report.js";
export { addGlobalTags, withTags } from "./scope.js";
export { time, wraps } from "./time.js";
export { Timer, timer } from "./timer.js";
