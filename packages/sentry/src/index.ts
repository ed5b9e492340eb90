export type {
  SentryBackendOptions,
  SentryClientLike,
  SentryClientOptionsLike,
  SentryDsnLike,
  SentryMetricFunction,
  SentryMetricOptions,
  SentryMetricsApi,
  SentrySdk,
} from "./options.js";
export { SentryBackend } from "./sentry-backend.js";
