export { OpenTelemetryBackend } from "./opentelemetry-backend.js";
export type { OpenTelemetryBackendOptions, ResolvedOpenTelemetryOptions } from "./options.js";
