export type { BoundAddress, ListenOptions, MetricsHandler } from "./exposition-server.js";
export type { PrometheusBackendOptions, ResolvedPrometheusOptions } from "./options.js";
export { PrometheusBackend } from "./prometheus-backend.js";
