export {
  type Attempt,
  type DistributionPoint,
  Intake,
  type IntakeOptions,
  type IntakeTotals,
  type ReceivedEvent,
  type Reply,
  type SeriesPoint,
} from "./intake.js";
export { startProxy, type TestProxy } from "./proxy.js";
