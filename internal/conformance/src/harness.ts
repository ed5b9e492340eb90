import type { ErrorHandler, MetricsBackend } from "./core-types.js";
import type { ReceivedMetric, WireShape } from "./received-metric.js";

/** A backend wired to a sink that reads back what it sent. */
export interface HarnessInstance {
  backend: MetricsBackend;
  /** Everything that arrived so far, decoded; waits until the sink has been quiet briefly. */
  received(): Promise<ReceivedMetric[]>;
  /** Stops the sink (the kit closes the backend itself). */
  teardown(): Promise<void>;
}

/** What a backend's test gives the kit. */
export interface Harness {
  wire: WireShape;
  /** Starts a sink and builds a backend reporting to `onError`. */
  setup(onError: ErrorHandler): Promise<HarnessInstance>;
}
