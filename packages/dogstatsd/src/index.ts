export { DogStatsdBackend } from "./dogstatsd-backend.js";
export type { DogStatsdBackendOptions, TimingAs } from "./options.js";
export type { Protocol } from "./transport/agent-socket.js";
export type { EventOptions } from "./wire/event.js";
