import {
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  performance,
} from "node:perf_hooks";
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import type { Emitter } from "./emitter.js";
import type { DelayStatistic, RuntimeNames } from "./naming.js";

const NS_PER_S = 1e9;
const US_PER_S = 1e6;

/**
 * Reads Node's runtime state once per interval and emits it: event-loop delay (reset each
 * interval) and utilisation, heap and per-space sizes, RSS, external and array-buffer memory,
 * CPU time, active resources by type, uptime.
 */
export class RuntimeSampler {
  readonly #names: RuntimeNames;
  readonly #emit: Emitter;
  readonly #delay: IntervalHistogram;
  #utilization: EventLoopUtilization;
  #cpu: NodeJS.CpuUsage;
  #cpuAt: number;
  /** Every resource type seen: a few dozen at most, the kinds of handle and request Node has. */
  readonly #resourceTypes = new Set<string>();

  constructor(names: RuntimeNames, emit: Emitter, resolutionMs: number) {
    this.#names = names;
    this.#emit = emit;
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
    this.#emit.gauge(this.#names.uptime, process.uptime());
  }

  stop(): void {
    this.#delay.disable();
  }

  #sampleDelay(): void {
    const histogram = this.#delay;
    // No timer fired in the interval (shorter than the 10 ms resolution): min and mean are
    // meaningless (2^63 and NaN), so nothing is sent rather than a forged value.
    if (histogram.count > 0) {
      const delay = this.#names.delay;
      const values: Record<DelayStatistic, number> = {
        min: histogram.min,
        max: histogram.max,
        mean: histogram.mean,
        p50: histogram.percentile(50),
        p90: histogram.percentile(90),
        p99: histogram.percentile(99),
      };
      for (const statistic of Object.keys(delay) as DelayStatistic[]) {
        this.#emit.gauge(delay[statistic]!, values[statistic] / NS_PER_S);
      }
    }
    histogram.reset();
  }

  #sampleUtilization(): void {
    const now = performance.eventLoopUtilization();
    const interval = performance.eventLoopUtilization(now, this.#utilization);
    this.#utilization = now;
    this.#emit.gauge(this.#names.utilization, interval.utilization);
  }

  #sampleMemory(): void {
    const names = this.#names;
    const memory = process.memoryUsage();
    this.#emit.gauge(names.heapUsed, memory.heapUsed);
    this.#emit.gauge(names.heapTotal, memory.heapTotal);
    this.#emit.gauge(names.heapLimit, getHeapStatistics().heap_size_limit);
    this.#emit.gauge(names.rss, memory.rss);
    this.#emit.gauge(names.external, memory.external);
    this.#emit.gauge(names.arrayBuffers, memory.arrayBuffers);
    const tag = names.spaceTag;
    for (const space of getHeapSpaceStatistics()) {
      this.#emit.gauge(names.spaceSize, space.space_size, tag, space.space_name);
      this.#emit.gauge(names.spaceUsed, space.space_used_size, tag, space.space_name);
      this.#emit.gauge(names.spaceAvailable, space.space_available_size, tag, space.space_name);
      this.#emit.gauge(names.spacePhysical, space.physical_space_size, tag, space.space_name);
    }
  }

  #sampleCpu(): void {
    const total = process.cpuUsage();
    const now = performance.now();
    const used = { user: total.user - this.#cpu.user, system: total.system - this.#cpu.system };
    const elapsedUs = (now - this.#cpuAt) * 1000;
    this.#cpu = total;
    this.#cpuAt = now;
    const cpu = this.#names.cpu;
    if (cpu.kind === "counter") {
      this.#emit.counter(cpu.metric, used.user / US_PER_S, cpu.modeTag, "user");
      this.#emit.counter(cpu.metric, used.system / US_PER_S, cpu.modeTag, "system");
    } else if (elapsedUs > 0) {
      this.#emit.gauge(cpu.user, (100 * used.user) / elapsedUs);
      this.#emit.gauge(cpu.system, (100 * used.system) / elapsedUs);
      this.#emit.gauge(cpu.total, (100 * (used.user + used.system)) / elapsedUs);
    }
  }

  #sampleResources(): void {
    // A type seen before and gone now is sent as 0, so its gauge does not stay at its last count.
    const counts = new Map<string, number>();
    for (const type of this.#resourceTypes) counts.set(type, 0);
    for (const type of process.getActiveResourcesInfo()) {
      this.#resourceTypes.add(type);
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    for (const [type, count] of counts) {
      this.#emit.gauge(this.#names.activeResources, count, "type", type);
    }
  }
}
