import type { MetricsBackend, Tags } from "../backend.js";
import type { MetricKind } from "../pipeline/emit.js";

/**
 * A backend whose five metric methods all funnel into one `accept`, named by the method: the
 * shared shape of the backends that treat every kind alike (recording, logging, fan-out).
 *
 * @example
 * ```ts
 * class KeyCounter extends FunnelBackend {
 *   readonly seen = new Map<string, number>();
 *   protected accept(method: MetricKind, key: string): void {
 *     this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
 *   }
 *   flush = async () => {};
 *   close = async () => {};
 * }
 * ```
 */
export abstract class FunnelBackend implements MetricsBackend {
  protected abstract accept(
    method: MetricKind,
    key: string,
    value: number | string,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void;

  abstract flush(): Promise<void>;
  abstract close(): Promise<void>;

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.accept("incr", key, amount, tags, sampleRate, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.accept("gauge", key, value, tags, sampleRate, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    this.accept("distribution", key, value, tags, sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    this.accept("timing", key, seconds, tags, sampleRate, "second");
  }

  set(key: string, member: string | number, tags: Tags, sampleRate: number): void {
    this.accept("set", key, member, tags, sampleRate, undefined);
  }
}
