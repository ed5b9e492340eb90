import type { MetricsBackend, Tags } from "../backend.js";
import { type ErrorHandler, MetricsError } from "../errors.js";
import { reportError } from "../report.js";

type Method = "incr" | "gauge" | "distribution" | "timing" | "set";

/**
 * Sends every metric to several backends. Each child is isolated: one that throws, rejects or
 * hangs in a method does not stop the others; its failure goes to `onError`.
 */
export class CompositeBackend implements MetricsBackend {
  readonly #children: readonly MetricsBackend[];
  readonly #onError: ErrorHandler;

  constructor(children: readonly MetricsBackend[], options: { onError?: ErrorHandler } = {}) {
    if (!Array.isArray(children))
      throw new TypeError("CompositeBackend: expected an array of backends");
    this.#children = [...children];
    this.#onError = options.onError ?? reportError;
  }

  #fail(child: number, what: string, error: unknown, key?: string): void {
    try {
      this.#onError(
        new MetricsError(
          "backend_error",
          `CompositeBackend child ${child} failed in ${what}: ${String(error)}`,
          {
            key,
            cause: error,
          },
        ),
      );
    } catch {
      // A throwing handler must not reach the caller.
    }
  }

  #each(
    method: Method,
    key: string,
    value: number | string,
    tags: Tags,
    rate: number,
    unit?: string,
  ): void {
    const children = this.#children;
    for (let i = 0; i < children.length; i++) {
      try {
        (children[i]![method] as (...args: unknown[]) => void)(key, value, tags, rate, unit);
      } catch (error) {
        this.#fail(i, method, error, key);
      }
    }
  }

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#each("incr", key, amount, tags, sampleRate, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#each("gauge", key, value, tags, sampleRate, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.#each("distribution", key, value, tags, sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    this.#each("timing", key, seconds, tags, sampleRate);
  }

  set(key: string, member: string | number, tags: Tags, sampleRate: number): void {
    this.#each("set", key, member, tags, sampleRate);
  }

  async #all(method: "flush" | "close"): Promise<void> {
    const outcomes = await Promise.allSettled(this.#children.map(async (child) => child[method]()));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === "rejected") this.#fail(i, method, outcome.reason);
    });
  }

  flush(): Promise<void> {
    return this.#all("flush");
  }

  close(): Promise<void> {
    return this.#all("close");
  }
}
