import type { MetricsBackend, Tags } from "@metrics/core";

const resolved = Promise.resolve();

/**
 * A backend that only counts calls and folds in the size of what it received, so the facade's
 * own cost can be measured without a transport's.
 */
export class CountingBackend implements MetricsBackend {
  calls = 0;
  checksum = 0;

  #take(key: string, tags: Tags): void {
    this.calls++;
    this.checksum += key.length + (tags === undefined ? 0 : 1);
  }

  incr(key: string, _amount: number, tags: Tags): void {
    this.#take(key, tags);
  }

  gauge(key: string, _value: number, tags: Tags): void {
    this.#take(key, tags);
  }

  distribution(key: string, _value: number, tags: Tags): void {
    this.#take(key, tags);
  }

  timing(key: string, _seconds: number, tags: Tags): void {
    this.#take(key, tags);
  }

  set(key: string, _member: string | number, tags: Tags): void {
    this.#take(key, tags);
  }

  flush(): Promise<void> {
    return resolved;
  }

  close(): Promise<void> {
    return resolved;
  }
}
