export type { TagFormat } from "./etsy/etsy-flavour.js";
export type { ResolvedStatsdOptions, StatsdBackendOptions } from "./options.js";
export type { Protocol } from "./stack/socket/wire-socket.js";
export { StatsdBackend } from "./statsd-backend.js";
