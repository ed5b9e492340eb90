export {
  type HttpInstrumentationOptions,
  instrumentHttp,
} from "./http/instrument-http.js";
export type { RouteOf } from "./http/route-template.js";
export type { NamingConvention } from "./naming.js";
export type { Stoppable } from "./options.js";
export { type RuntimeMetricsOptions, startRuntimeMetrics } from "./start-runtime-metrics.js";
