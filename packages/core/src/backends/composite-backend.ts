// Imported through the main entry, which the build keeps external: one copy of each class.
import {
  type ErrorHandler,
  type EventOptions,
  FunnelBackend,
  type MetricKind,
  type MetricsBackend,
  MetricsError,
  reportError,
  type Tags,
} from "../index.js";

/**
 * Sends every metric and event to several backends (`@metrics/core/composite`: like metrics-rs's
 * fan-out layer, it is composed around backends, outside the facade's entry). Each child is
 * isolated: one that throws or rejects does not stop the others; its failure goes to `onError`.
 *
 * @example
 * ```ts
 * import { CompositeBackend } from "@metrics/core/composite";
 * configure({ backend: new CompositeBackend([new StatsdBackend(), new LoggingBackend()]) });
 * ```
 */
export class CompositeBackend extends FunnelBackend {
  readonly #children: readonly MetricsBackend[];
  readonly #onError: ErrorHandler;
  /** Children already reported as lacking `event`. */
  readonly #eventless = new Set<number>();

  /** The backends it sends to, in order (layers flush and close each of them once). */
  get children(): readonly MetricsBackend[] {
    return this.#children;
  }

  constructor(children: readonly MetricsBackend[], options: { onError?: ErrorHandler } = {}) {
    super();
    if (!Array.isArray(children)) {
      throw new MetricsError(
        "invalid_option",
        "CompositeBackend: children must be an array of backends",
      );
    }
    const onError = options?.onError;
    if (onError !== undefined && typeof onError !== "function") {
      throw new MetricsError("invalid_option", "CompositeBackend: onError must be a function");
    }
    this.#children = [...children];
    this.#onError = onError ?? reportError;
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

  /**
   * Forwards an event to every child that takes events; a child without `event` is reported
   * once (code `unsupported`).
   */
  event(title: string, text: string, tags: Tags, options: EventOptions): void {
    this.#children.forEach((child, i) => {
      try {
        if (typeof child.event === "function") child.event(title, text, tags, options);
        else if (!this.#eventless.has(i)) {
          this.#eventless.add(i);
          const message = `CompositeBackend child ${i} does not take events: "${title}" and later events not sent to it`;
          this.#onError(new MetricsError("unsupported", message, { key: title, dropped: 1 }));
        }
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
