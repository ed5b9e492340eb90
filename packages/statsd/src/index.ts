export type { Protocol, StatsdBackendOptions, TagFormat } from "./options.js";
export { StatsdBackend } from "./statsd-backend.js";
