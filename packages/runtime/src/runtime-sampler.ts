import {
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  performance,
} from "node:perf_hooks";
import v8 from "node:v8";
import type { Emitter, PreparedMetric, TaggedMetric } from "./emitter.js";
import type { RuntimeNames } from "./naming.js";

const NS_PER_S = 1e9;
const US_PER_S = 1e6;

/** The CPU metrics of a convention, prepared: a counter per mode, or gauges of percent. */
type CpuMetrics =
  | { readonly kind: "counter"; readonly user: PreparedMetric; readonly system: PreparedMetric }
  | {
      readonly kind: "percent";
      readonly user: PreparedMetric;
      readonly system: PreparedMetric;
      readonly total: PreparedMetric;
    };

/**
 * Reads Node's runtime state once per interval and emits it: event-loop delay (reset each
 * interval) and utilisation, heap and per-space sizes, RSS, external and array-buffer memory,
 * CPU time, active resources by type, uptime.
 *
 * A reading runs cold (once per interval), where each native call costs several times what it
 * does in a loop, so it makes each call once: `process.memoryUsage()` for RSS, heap used/total,
 * external and array buffers (it already reads V8's heap statistics; a second
 * `v8.getHeapStatistics()` would read them again), `v8.getHeapSpaceStatistics()` for the spaces,
 * and the heap limit read once at the start (V8 fixes it at startup).
 */
export class RuntimeSampler {
  readonly #emit: Emitter;
  readonly #delay: IntervalHistogram;
  readonly #delayMin: PreparedMetric;
  readonly #delayMax: PreparedMetric;
  readonly #delayMean: PreparedMetric;
  readonly #delayP50: PreparedMetric;
  readonly #delayP90: PreparedMetric;
  readonly #delayP99: PreparedMetric;
  readonly #utilizationMetric: PreparedMetric;
  readonly #heapUsed: PreparedMetric;
  readonly #heapTotal: PreparedMetric;
  readonly #heapLimit: PreparedMetric;
  readonly #rss: PreparedMetric;
  readonly #external: PreparedMetric;
  readonly #arrayBuffers: PreparedMetric;
  readonly #spaceSize: TaggedMetric;
  readonly #spaceUsed: TaggedMetric;
  readonly #spaceAvailable: TaggedMetric;
  readonly #spacePhysical: TaggedMetric;
  readonly #cpuMetrics: CpuMetrics;
  readonly #activeResources: TaggedMetric;
  readonly #uptime: PreparedMetric;
  /** `heap_size_limit`: fixed when V8 sets its heap up (`--max-old-space-size`, the machine). */
  readonly #heapSizeLimit: number;
  #utilization: EventLoopUtilization;
  #cpu: NodeJS.CpuUsage;
  #cpuAt: number;
  /**
   * Active resources by type, kept across readings: a type seen before and gone now is sent as
   * 0. A few dozen types at most, the kinds of handle and request Node has.
   */
  readonly #resourceCounts = new Map<string, number>();

  constructor(names: RuntimeNames, emit: Emitter, resolutionMs: number) {
    this.#emit = emit;
    const { delay } = names;
    this.#delayMin = emit.prepare(delay.min);
    this.#delayMax = emit.prepare(delay.max);
    this.#delayMean = emit.prepare(delay.mean);
    this.#delayP50 = emit.prepare(delay.p50);
    this.#delayP90 = emit.prepare(delay.p90);
    this.#delayP99 = emit.prepare(delay.p99);
    this.#utilizationMetric = emit.prepare(names.utilization);
    this.#heapUsed = emit.prepare(names.heapUsed);
    this.#heapTotal = emit.prepare(names.heapTotal);
    this.#heapLimit = emit.prepare(names.heapLimit);
    this.#rss = emit.prepare(names.rss);
    this.#external = emit.prepare(names.external);
    this.#arrayBuffers = emit.prepare(names.arrayBuffers);
    this.#spaceSize = emit.tagged(names.spaceSize, names.spaceTag);
    this.#spaceUsed = emit.tagged(names.spaceUsed, names.spaceTag);
    this.#spaceAvailable = emit.tagged(names.spaceAvailable, names.spaceTag);
    this.#spacePhysical = emit.tagged(names.spacePhysical, names.spaceTag);
    const { cpu } = names;
    this.#cpuMetrics =
      cpu.kind === "counter"
        ? {
            kind: "counter",
            user: emit.prepare(cpu.metric, cpu.modeTag, "user"),
            system: emit.prepare(cpu.metric, cpu.modeTag, "system"),
          }
        : {
            kind: "percent",
            user: emit.prepare(cpu.user),
            system: emit.prepare(cpu.system),
            total: emit.prepare(cpu.total),
          };
    this.#activeResources = emit.tagged(names.activeResources, "type");
    this.#uptime = emit.prepare(names.uptime);
    this.#heapSizeLimit = v8.getHeapStatistics().heap_size_limit;
    this.#delay = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#delay.enable();
    this.#utilization = performance.eventLoopUtilization();
    this.#cpu = process.cpuUsage();
    this.#cpuAt = performance.now();
  }

  sample(): void {
    this.#sampleDelay();
    this.#sampleUtilization();
    this.#sampleMemory();
    this.#sampleCpu();
    this.#sampleResources();
    this.#emit.gauge(this.#uptime, process.uptime());
  }

  stop(): void {
    this.#delay.disable();
  }

  #sampleDelay(): void {
    const histogram = this.#delay;
    const emit = this.#emit;
    // No timer fired in the interval (shorter than the 10 ms resolution): min and mean are
    // meaningless (2^63 and NaN), so nothing is sent rather than a forged value.
    if (histogram.count > 0) {
      emit.gauge(this.#delayMin, histogram.min / NS_PER_S);
      emit.gauge(this.#delayMax, histogram.max / NS_PER_S);
      emit.gauge(this.#delayMean, histogram.mean / NS_PER_S);
      emit.gauge(this.#delayP50, histogram.percentile(50) / NS_PER_S);
      emit.gauge(this.#delayP90, histogram.percentile(90) / NS_PER_S);
      emit.gauge(this.#delayP99, histogram.percentile(99) / NS_PER_S);
    }
    histogram.reset();
  }

  #sampleUtilization(): void {
    const now = performance.eventLoopUtilization();
    const interval = performance.eventLoopUtilization(now, this.#utilization);
    this.#utilization = now;
    this.#emit.gauge(this.#utilizationMetric, interval.utilization);
  }

  #sampleMemory(): void {
    const emit = this.#emit;
    const memory = process.memoryUsage();
    emit.gauge(this.#heapUsed, memory.heapUsed);
    emit.gauge(this.#heapTotal, memory.heapTotal);
    emit.gauge(this.#heapLimit, this.#heapSizeLimit);
    emit.gauge(this.#rss, memory.rss);
    emit.gauge(this.#external, memory.external);
    emit.gauge(this.#arrayBuffers, memory.arrayBuffers);
    for (const space of v8.getHeapSpaceStatistics()) {
      const name = space.space_name;
      emit.gauge(this.#spaceSize.with(name), space.space_size);
      emit.gauge(this.#spaceUsed.with(name), space.space_used_size);
      emit.gauge(this.#spaceAvailable.with(name), space.space_available_size);
      emit.gauge(this.#spacePhysical.with(name), space.physical_space_size);
    }
  }

  #sampleCpu(): void {
    const total = process.cpuUsage();
    const now = performance.now();
    const userUs = total.user - this.#cpu.user;
    const systemUs = total.system - this.#cpu.system;
    const elapsedUs = (now - this.#cpuAt) * 1000;
    this.#cpu = total;
    this.#cpuAt = now;
    const cpu = this.#cpuMetrics;
    if (cpu.kind === "counter") {
      this.#emit.counter(cpu.user, userUs / US_PER_S);
      this.#emit.counter(cpu.system, systemUs / US_PER_S);
    } else if (elapsedUs > 0) {
      this.#emit.gauge(cpu.user, (100 * userUs) / elapsedUs);
      this.#emit.gauge(cpu.system, (100 * systemUs) / elapsedUs);
      this.#emit.gauge(cpu.total, (100 * (userUs + systemUs)) / elapsedUs);
    }
  }

  #sampleResources(): void {
    const counts = this.#resourceCounts;
    for (const type of counts.keys()) counts.set(type, 0);
    for (const type of process.getActiveResourcesInfo()) {
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    for (const [type, count] of counts) {
      this.#emit.gauge(this.#activeResources.with(type), count);
    }
  }
}
