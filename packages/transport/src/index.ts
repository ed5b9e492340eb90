export {
  type FailureDetails,
  TransportErrors,
  type TransportErrorsOptions,
} from "./errors/transport-errors.js";
export { Deadline, settleWithin } from "./lifecycle/deadline.js";
export { type ExitFlusher, onBeforeExit } from "./lifecycle/exit-flush.js";
export { FlushWindow, type FlushWindowOptions } from "./lifecycle/flush-window.js";
export { closestName } from "./options/closest-name.js";
export {
  type ResolvedTransportOptions,
  resolveTransportOptions,
  TRANSPORT_DEFAULTS,
  TRANSPORT_OPTION_NAMES,
  type TransportDefaults,
  type TransportOptions,
} from "./options/transport-options.js";
export {
  booleanOption,
  checkKnownOptions,
  choiceOption,
  configError,
  describeValue,
  type IntegerBounds,
  integerOption,
  stringOption,
} from "./options/validate.js";
export { cappedCopies, copiesFor, MAX_COPIES } from "./sampling/copies-for.js";
