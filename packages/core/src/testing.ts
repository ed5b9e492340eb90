export type { EventRecord, MetricRecord, MetricType } from "./index.js";
export { MemoryBackend, type MemoryBackendOptions } from "./testing/memory-backend.js";
