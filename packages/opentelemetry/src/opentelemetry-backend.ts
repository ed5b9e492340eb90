import {
  type ErrorHandler,
  type MetricsBackend,
  type MetricsErrorCode,
  reportError,
  type Tags,
} from "@metrics/core";
import { cappedCopies, TransportErrors } from "@metrics/transport";
import {
  type Attributes,
  type Counter,
  type Meter,
  type MeterProvider,
  metrics,
} from "@opentelemetry/api";
import { Instruments } from "./instruments.js";
import {
  type OpenTelemetryBackendOptions,
  type ResolvedOpenTelemetryOptions,
  resolveOptions,
} from "./options.js";
import type { SetGauge } from "./set-gauge.js";
import { withDeadline } from "./with-deadline.js";

/** How often one kind of problem is reported at most, in ms (the rest are counted). */
const REPORT_WINDOW_MS = 10_000;
/** The hot path's counters while there are none to use (following the global provider, closed). */
const NO_COUNTERS: ReadonlyMap<string, Counter | null> = new Map();

/**
 * A `MetricsBackend` that records into an OpenTelemetry `MeterProvider` through
 * `@opentelemetry/api`: counters, synchronous gauges, histograms (timings in seconds), sets as an
 * observable gauge of unique members per export interval. Methods never throw.
 *
 * @example
 * import { configure } from "@metrics/core";
 * import { OpenTelemetryBackend } from "@metrics/opentelemetry";
 * import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
 * import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
 *
 * const meterProvider = new MeterProvider({
 *   readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
 * });
 * configure({ backend: new OpenTelemetryBackend({ meterProvider }) });
 */
export class OpenTelemetryBackend implements MetricsBackend {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<ResolvedOpenTelemetryOptions>;
  /** The provider given, or `undefined` to follow the global one. */
  private readonly givenProvider: MeterProvider | undefined;
  private provider: MeterProvider | undefined;
  private instruments!: Instruments;
  /** Counters without a unit of the given provider, by key (`null`: refused): `incr`'s hot path. */
  private counters: ReadonlyMap<string, Counter | null> = NO_COUNTERS;
  private sets: SetGauge[] = [];
  private readonly errors: TransportErrors;
  private closed = false;
  /** Something was recorded since the last flush: flush at a natural exit. */
  private dirty = false;

  constructor(options: OpenTelemetryBackendOptions = {}) {
    this.options = resolveOptions(options);
    this.givenProvider = options.meterProvider;
    const onError: ErrorHandler = options.onError ?? reportError;
    this.errors = new TransportErrors({
      onError,
      intervalMs: REPORT_WINDOW_MS,
      source: "@metrics/opentelemetry",
    });
    this.current();
    process.on("beforeExit", this.flushAtExit);
  }

  incr(key: string, amount: number, tags: Tags, sampleRate = 1, unit?: string): void {
    // The hot path: a counter already made for this key, on the provider given at construction.
    const counter = unit === undefined ? this.counters.get(key) : undefined;
    if (counter != null && amount >= 0) {
      this.dirty = true;
      counter.add(sampleRate === 1 ? amount : amount / sampleRate, attributesOf(tags));
      return;
    }
    this.incrOtherwise(key, amount, tags, sampleRate, unit);
  }

  gauge(key: string, value: number, tags: Tags, _sampleRate = 1, unit?: string): void {
    this.recording(key)?.get("gauge", key, unit)?.record(value, attributesOf(tags));
  }

  distribution(key: string, value: number, tags: Tags, sampleRate = 1, unit?: string): void {
    this.histogram(key, value, tags, sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate = 1): void {
    this.histogram(key, seconds, tags, sampleRate, "s");
  }

  set(key: string, member: string | number, tags: Tags, _sampleRate = 1): void {
    const set = this.recording(key)?.get("set", key, undefined);
    if (set == null) return;
    if (!set.add(tags, String(member))) {
      this.refuse(
        "dropped",
        key,
        `holds maxSetMembers (${this.options.maxSetMembers}) members in this interval; a new member was not counted`,
      );
    }
  }

  /**
   * Calls the provider's `forceFlush` (collect and export now) and waits for it at most
   * `flushTimeoutMs`; a failure or the deadline is reported. Never shuts the provider down.
   */
  async flush(): Promise<void> {
    this.dirty = false;
    const provider = this.provider as { forceFlush?: () => Promise<void> } | undefined;
    if (typeof provider?.forceFlush !== "function") return;
    const timeout = this.options.flushTimeoutMs;
    try {
      const outcome = await withDeadline(() => provider.forceFlush!(), timeout);
      if (outcome === "timeout") {
        this.report(
          "transport_error",
          "flush_timeout",
          `the MeterProvider's forceFlush did not settle within ${timeout} ms`,
        );
      }
    } catch (error) {
      this.report(
        "transport_error",
        "flush_failed",
        `the MeterProvider's forceFlush failed: ${messageOf(error)}`,
      );
    }
  }

  /** Flushes a last time, stops observing sets; later calls are dropped and reported. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.counters = NO_COUNTERS;
    process.off("beforeExit", this.flushAtExit);
    await this.flush();
    for (const set of this.sets) set.detach();
    this.errors.close();
  }

  /**
   * `incr` off the hot path: a key's first call, a unit, a negative amount, a refused key, after
   * `close()`, or when following the global provider (looked up on every call).
   */
  private incrOtherwise(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    const counter = this.recording(key)?.get("counter", key, unit);
    if (counter == null) return;
    // A counter only goes up; the SDK would drop a negative amount with a diagnostic only.
    if (amount < 0) {
      this.refuse("invalid_value", key, `a counter cannot decrease (amount ${amount})`);
      return;
    }
    counter.add(sampleRate === 1 ? amount : amount / sampleRate, attributesOf(tags));
  }

  private histogram(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    const histogram = this.recording(key)?.get("histogram", key, unit);
    if (histogram == null) return;
    // Histograms take no negative values; the SDK would drop one with a diagnostic only.
    if (value < 0) {
      this.refuse("invalid_value", key, `a histogram cannot record a negative value (${value})`);
      return;
    }
    const attributes = attributesOf(tags);
    if (sampleRate === 1) {
      histogram.record(value, attributes);
      return;
    }
    // OpenTelemetry carries no sample rate: record the value as many times as it stands for.
    const copies = cappedCopies(sampleRate, key, this.errors);
    for (let i = 0; i < copies; i++) histogram.record(value, attributes);
  }

  /**
   * The instruments to record into, or `undefined` when the backend is closed (the call is
   * dropped and reported).
   */
  private recording(key: string): Instruments | undefined {
    if (this.closed) {
      this.errors.report(
        "closed",
        "closed",
        `OpenTelemetryBackend is closed; "${key}" was dropped`,
        { key, dropped: 1 },
      );
      return undefined;
    }
    this.dirty = true;
    return this.givenProvider === undefined ? this.current() : this.instruments;
  }

  /** The instruments of the provider in use; follows the global provider when none was given. */
  private current(): Instruments {
    const provider = this.givenProvider ?? metrics.getMeterProvider();
    if (provider !== this.provider) {
      for (const set of this.sets) set.detach();
      this.sets = [];
      this.provider = provider;
      const { meterName, meterVersion, maxSetMembers } = this.options;
      const meter: Meter = provider.getMeter(meterName, meterVersion);
      this.instruments = new Instruments(
        meter,
        maxSetMembers,
        (key, problem, dropped) =>
          this.refuse(dropped ? "dropped" : "invalid_key", key, problem, dropped),
        this.sets,
      );
      if (this.givenProvider !== undefined) this.counters = this.instruments.counters;
    }
    return this.instruments;
  }

  private refuse(code: MetricsErrorCode, key: string, problem: string, dropped = true): void {
    const message = `"${key}" ${problem}${dropped ? "; not recorded" : ""}`;
    this.errors.report(code, `${code}:${key}`, message, { key, dropped: dropped ? 1 : undefined });
  }

  private report(code: MetricsErrorCode, kind: string, message: string): void {
    this.errors.report(code, kind, message);
  }

  private readonly flushAtExit = (): void => {
    if (this.dirty && !this.closed) void this.flush();
  };
}

/**
 * Tags as OpenTelemetry attributes: a copy. The SDK keeps the object it is given as the
 * attributes of a new series (its `AttributeHashMap` stores the first object of each hash, once
 * per collection), and the facade may hand over a caller's own object, which the caller may
 * change after the call. A spread, with no `Object.isFrozen` test to pass a frozen object on:
 * that test costs more than copying a few tags. (One frozen copy per tag set, found through a
 * trie of tag values, measured slower: the lookup costs what the spread does, and the SDK's
 * hashing then sees objects of two shapes.)
 */
function attributesOf(tags: Tags): Attributes {
  return { ...tags };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
