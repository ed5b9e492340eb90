import { distribution, gauge, incr, type TagInput } from "@metrics/core";
import type { MetricName } from "./naming.js";

/**
 * Emits one convention's metrics through the facade, with the caller's prefix and tags: values
 * arrive in the source's unit (seconds, bytes) and leave scaled to the convention's.
 */
export class Emitter {
  readonly #prefix: string;
  readonly #tags: Readonly<Record<string, string>>;
  /** Tag objects by extra tag, reused every interval (heap spaces, GC kinds, resource types). */
  readonly #tagged = new Map<string, TagInput>();

  constructor(prefix: string, tags: Readonly<Record<string, string>>) {
    this.#prefix = prefix === "" || prefix.endsWith(".") ? prefix : `${prefix}.`;
    this.#tags = tags;
  }

  gauge(metric: MetricName, value: number, tag?: string, tagValue?: string): void {
    gauge(this.#prefix + metric.name, value * metric.scale, this.#options(metric, tag, tagValue));
  }

  counter(metric: MetricName, value: number, tag?: string, tagValue?: string): void {
    incr(this.#prefix + metric.name, value * metric.scale, this.#options(metric, tag, tagValue));
  }

  distribution(metric: MetricName, value: number, tag?: string, tagValue?: string): void {
    distribution(
      this.#prefix + metric.name,
      value * metric.scale,
      this.#options(metric, tag, tagValue),
    );
  }

  #options(metric: MetricName, tag: string | undefined, tagValue: string | undefined) {
    return { unit: metric.unit, tags: this.#tagsWith(tag, tagValue) };
  }

  #tagsWith(tag: string | undefined, value: string | undefined): TagInput {
    if (tag === undefined || value === undefined) return this.#tags;
    const id = `${tag}\u0000${value}`;
    let tags = this.#tagged.get(id);
    if (tags === undefined) {
      tags = { ...this.#tags, [tag]: value };
      this.#tagged.set(id, tags);
    }
    return tags;
  }
}
