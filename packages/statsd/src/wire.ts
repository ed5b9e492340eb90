// `@metrics/statsd/wire`: the StatsD-family wire stack, for flavours (`@metrics/dogstatsd`).
// In pipeline order: backend → render → pack → socket.
export {
  WireBackend,
  type WireBackendParts,
} from "./stack/backend/wire-backend.js";
export {
  type ResolvedWireOptions,
  resolveWireOptions,
  WIRE_OPTION_NAMES,
  type WireOptions,
} from "./stack/backend/wire-options.js";
export { PacketPacker, type PacketPackerOptions } from "./stack/pack/packet-packer.js";
export type { Emit, Flavour, LineFrame, SampleRun } from "./stack/render/flavour.js";
export { formatSampleRate, rateSuffix } from "./stack/render/format-number.js";
export { multiValueLines } from "./stack/render/multi-value-lines.js";
export { createReplacer } from "./stack/render/replacer.js";
export { WindowRenderer, type WindowRendererEvents } from "./stack/render/window-renderer.js";
export {
  errorName,
  type Protocol,
  WireSocket,
  type WireSocketEvents,
  type WireSocketSettings,
} from "./stack/socket/wire-socket.js";
export { WireStats } from "./stack/telemetry/wire-stats.js";
