export type {
  SentryBackendOptions,
  SentryClientLike,
  SentryMetricOptions,
  SentrySdk,
} from "./options.js";
export { SentryBackend } from "./sentry-backend.js";
