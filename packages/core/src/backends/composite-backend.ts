import type { MetricsBackend, Tags } from "../backend.js";
import type { MetricKind } from "../emit.js";
import { type ErrorHandler, MetricsError } from "../errors.js";
import { callSafely, reportError } from "../report.js";
import { FunnelBackend } from "./funnel-backend.js";

/**
 * Sends every metric to several backends. Each child is isolated: one that throws or rejects
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
    callSafely(this.#onError, new MetricsError("backend_error", message, { cause: error }));
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
