export type {
  Protocol,
  ResolvedStatsdOptions,
  StatsdBackendOptions,
  TagFormat,
} from "./options.js";
export { StatsdBackend } from "./statsd-backend.js";
