export type { EventOptions } from "@metrics/core";
export type { Protocol } from "@metrics/statsd/wire";
export { DogStatsdBackend } from "./dogstatsd-backend.js";
export type {
  DogStatsdBackendOptions,
  ResolvedDogStatsdOptions,
  TimingAs,
} from "./options.js";
