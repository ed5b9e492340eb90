import { distribution, type EmitOptions, gauge, incr } from "@metrics/core";
import type { MetricName } from "./naming.js";

/** One metric ready to emit: its full key and the facade's options (unit, tags), built once. */
export interface PreparedMetric {
  readonly key: string;
  /** What a value in the source's unit (seconds, bytes) is multiplied by. */
  readonly scale: number;
  readonly options: EmitOptions;
}

/**
 * Emits one convention's metrics through the facade, with the caller's prefix and tags, from
 * metrics prepared once: a reading concatenates no key and builds no options or tag object.
 * (A reading runs once per interval, cold, where each allocation and each fresh key string a
 * backend must hash costs more than in a loop.)
 */
export class Emitter {
  readonly #prefix: string;
  readonly #tags: Readonly<Record<string, string>>;

  constructor(prefix: string, tags: Readonly<Record<string, string>>) {
    this.#prefix = prefix === "" || prefix.endsWith(".") ? prefix : `${prefix}.`;
    this.#tags = tags;
  }

  /** `metric` with the caller's tags, plus `tag: tagValue` when given. */
  prepare(metric: MetricName, tag?: string, tagValue?: string): PreparedMetric {
    const tags =
      tag === undefined || tagValue === undefined ? this.#tags : { ...this.#tags, [tag]: tagValue };
    return {
      key: this.#prefix + metric.name,
      scale: metric.scale,
      options: { unit: metric.unit, tags },
    };
  }

  /** `metric` tagged `tag`, prepared per value on first use. */
  tagged(metric: MetricName, tag: string): TaggedMetric {
    return new TaggedMetric(this, metric, tag);
  }

  gauge(metric: PreparedMetric, value: number): void {
    gauge(metric.key, value * metric.scale, metric.options);
  }

  counter(metric: PreparedMetric, value: number): void {
    incr(metric.key, value * metric.scale, metric.options);
  }

  distribution(metric: PreparedMetric, value: number): void {
    distribution(metric.key, value * metric.scale, metric.options);
  }
}

/**
 * One metric with one more tag whose values are Node's own kinds (heap spaces, GC kinds,
 * resource types: a few dozen at most), each prepared once and kept.
 */
export class TaggedMetric {
  readonly #emitter: Emitter;
  readonly #metric: MetricName;
  readonly #tag: string;
  readonly #byValue = new Map<string, PreparedMetric>();

  constructor(emitter: Emitter, metric: MetricName, tag: string) {
    this.#emitter = emitter;
    this.#metric = metric;
    this.#tag = tag;
  }

  with(value: string): PreparedMetric {
    let prepared = this.#byValue.get(value);
    if (prepared === undefined) {
      prepared = this.#emitter.prepare(this.#metric, this.#tag, value);
      this.#byValue.set(value, prepared);
    }
    return prepared;
  }
}
