export { DogStatsdBackend } from "./dogstatsd-backend.js";
export type {
  DogStatsdBackendOptions,
  ResolvedDogStatsdOptions,
  TimingAs,
} from "./options.js";
export type { Protocol } from "./transport/agent-socket.js";
export type { EventOptions } from "./wire/event.js";
