export { DatadogBackend } from "./datadog-backend.js";
export type { DatadogBackendOptions } from "./options.js";
