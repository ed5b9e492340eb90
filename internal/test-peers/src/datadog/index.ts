export { FaultScript } from "./fault-script.js";
export { Intake } from "./intake.js";
export type {
  Attempt,
  DistributionPoint,
  IntakeOptions,
  IntakeTotals,
  ReceivedEvent,
  Reply,
  SeriesPoint,
} from "./intake-types.js";
export { startProxy, type TestProxy } from "./proxy.js";
