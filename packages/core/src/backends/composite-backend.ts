// Imported through the main entry, which the build keeps external: one copy of each class.
import {
  type ErrorHandler,
  FunnelBackend,
  type MetricKind,
  type MetricsBackend,
  MetricsError,
  reportError,
  type Tags,
} from "../index.js";

/**
 * Sends every metric to several backends (`@metrics/core/composite`: like metrics-rs's fan-out
 * layer, it is composed around backends, outside the facade's entry). Each child is isolated: one that throws or rejects
 * does not stop the others; its failure goes to `onError`.
 */
export class CompositeBackend extends FunnelBackend {
  readonly #children: readonly MetricsBackend[];
  readonly #onError: ErrorHandler;

  constructor(children: readonly MetricsBackend[], options: { onError?: ErrorHandler } = {}) {
    super();
    this.#children = [...children];
    this.#onError = options.onError ?? reportError;
  }

  #fail(child: number, error: unknown): void {
    const message = `CompositeBackend child ${child} threw ${String(error)}`;
    try {
      this.#onError(new MetricsError("backend_error", message, { cause: error }));
    } catch {
      // A throwing handler must not reach the caller.
    }
  }

  protected accept(
    method: MetricKind,
    key: string,
    value: number | string,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#children.forEach((child, i) => {
      try {
        (child[method] as (...args: unknown[]) => void)(key, value, tags, sampleRate, unit);
      } catch (error) {
        this.#fail(i, error);
      }
    });
  }

  async #all(method: "flush" | "close"): Promise<void> {
    const outcomes = await Promise.allSettled(this.#children.map(async (child) => child[method]()));
    outcomes.forEach(
      (outcome, i) => outcome.status === "rejected" && this.#fail(i, outcome.reason),
    );
  }

  /** Flushes every child; settles when all settled. A child's rejection goes to `onError`. */
  flush(): Promise<void> {
    return this.#all("flush");
  }

  /** Closes every child; settles when all settled. A child's rejection goes to `onError`. */
  close(): Promise<void> {
    return this.#all("close");
  }
}
