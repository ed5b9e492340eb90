/** The published naming conventions `startRuntimeMetrics` can emit. */
export type NamingConvention = "opentelemetry" | "datadog";

/** One metric of a convention: its name, unit, the scale from the source's unit, and tag names. */
export interface MetricName {
  readonly name: string;
  /** The unit passed with the metric (`second`, `byte`, `ratio`, `nanosecond`, `percent`). */
  readonly unit: string | undefined;
  /** What a value in the source's unit (seconds, bytes) is multiplied by. */
  readonly scale: number;
}

/**
 * The event-loop delay statistics sent, each as one gauge. Not `stddev`, which OpenTelemetry's
 * runtime instrumentation also sends: Node computes it by walking the whole histogram, ~175 µs
 * per reading on this machine kind, more than every other runtime metric together.
 */
export type DelayStatistic = "min" | "max" | "mean" | "p50" | "p90" | "p99";

/** Every name `startRuntimeMetrics` needs, in one convention. */
export interface RuntimeNames {
  readonly delay: Readonly<Record<DelayStatistic, MetricName>>;
  readonly utilization: MetricName;
  /** One distribution per GC pause, tagged `gcTypeTag`. */
  readonly gcPause: MetricName;
  /** Every pause again without the type (dd-trace's `runtime.node.gc.pause`), when the convention has it. */
  readonly gcPauseAll: MetricName | undefined;
  readonly gcTypeTag: string;
  readonly gcType: (kind: number) => string;
  readonly heapUsed: MetricName;
  readonly heapTotal: MetricName;
  readonly heapLimit: MetricName;
  readonly rss: MetricName;
  readonly external: MetricName;
  readonly arrayBuffers: MetricName;
  /** Per heap space (tagged `spaceTag`): size, used, available, physical. */
  readonly spaceSize: MetricName;
  readonly spaceUsed: MetricName;
  readonly spaceAvailable: MetricName;
  readonly spacePhysical: MetricName;
  readonly spaceTag: string;
  /** CPU time as a counter of seconds per mode, or as gauges of percent of the interval. */
  readonly cpu:
    | { readonly kind: "counter"; readonly metric: MetricName; readonly modeTag: string }
    | {
        readonly kind: "percent";
        readonly user: MetricName;
        readonly system: MetricName;
        readonly total: MetricName;
      };
  readonly activeResources: MetricName;
  readonly uptime: MetricName;
}

const metric = (name: string, unit: string | undefined, scale = 1): MetricName => ({
  name,
  unit,
  scale,
});

/** V8's GC kinds (`PerformanceEntry.detail.kind`, `perf_hooks.constants.NODE_PERFORMANCE_GC_*`). */
const GC_MINOR = 1;
const GC_MINOR_MARK_SWEEP = 2;
const GC_MAJOR = 4;
const GC_INCREMENTAL = 8;
const GC_WEAKCB = 16;

/**
 * OpenTelemetry's semantic conventions for Node.js and V8 runtime metrics (what
 * `@opentelemetry/instrumentation-runtime-node` emits), in seconds and bytes. Heap totals,
 * external and array-buffer memory and active resources have no semantic-convention name;
 * they take `nodejs.*` names after `process.memoryUsage()` and `process.getActiveResourcesInfo()`.
 */
export const OPENTELEMETRY_NAMES: RuntimeNames = {
  delay: {
    min: metric("nodejs.eventloop.delay.min", "second"),
    max: metric("nodejs.eventloop.delay.max", "second"),
    mean: metric("nodejs.eventloop.delay.mean", "second"),
    p50: metric("nodejs.eventloop.delay.p50", "second"),
    p90: metric("nodejs.eventloop.delay.p90", "second"),
    p99: metric("nodejs.eventloop.delay.p99", "second"),
  },
  utilization: metric("nodejs.eventloop.utilization", "ratio"),
  gcPause: metric("v8js.gc.duration", "second"),
  gcPauseAll: undefined,
  gcTypeTag: "v8js.gc.type",
  gcType: (kind) => {
    switch (kind) {
      case GC_MINOR:
      case GC_MINOR_MARK_SWEEP:
        return "minor";
      case GC_MAJOR:
        return "major";
      case GC_INCREMENTAL:
        return "incremental";
      case GC_WEAKCB:
        return "weakcb";
      default:
        return "unknown";
    }
  },
  heapUsed: metric("nodejs.memory.heap.used", "byte"),
  heapTotal: metric("nodejs.memory.heap.total", "byte"),
  heapLimit: metric("nodejs.memory.heap.limit", "byte"),
  rss: metric("process.memory.usage", "byte"),
  external: metric("nodejs.memory.external", "byte"),
  arrayBuffers: metric("nodejs.memory.array_buffers", "byte"),
  spaceSize: metric("v8js.memory.heap.limit", "byte"),
  spaceUsed: metric("v8js.memory.heap.used", "byte"),
  spaceAvailable: metric("v8js.memory.heap.space.available_size", "byte"),
  spacePhysical: metric("v8js.memory.heap.space.physical_size", "byte"),
  spaceTag: "v8js.heap.space.name",
  cpu: { kind: "counter", metric: metric("process.cpu.time", "second"), modeTag: "cpu.mode" },
  activeResources: metric("nodejs.active_resources", undefined),
  uptime: metric("process.uptime", "second"),
};

const NS = 1e9;

/**
 * dd-trace's `runtime.node.*` names and units, which Datadog's Node.js runtime dashboard reads:
 * durations in nanoseconds, CPU in percent of the interval. Array-buffer memory and active
 * resources, which dd-trace does not send, take `runtime.node.*` names of their own.
 */
export const DATADOG_NAMES: RuntimeNames = {
  delay: {
    min: metric("runtime.node.event_loop.delay.min", "nanosecond", NS),
    max: metric("runtime.node.event_loop.delay.max", "nanosecond", NS),
    mean: metric("runtime.node.event_loop.delay.avg", "nanosecond", NS),
    p50: metric("runtime.node.event_loop.delay.median", "nanosecond", NS),
    p90: metric("runtime.node.event_loop.delay.90percentile", "nanosecond", NS),
    p99: metric("runtime.node.event_loop.delay.99percentile", "nanosecond", NS),
  },
  utilization: metric("runtime.node.event_loop.utilization", undefined),
  gcPause: metric("runtime.node.gc.pause.by.type", "nanosecond", NS),
  gcPauseAll: metric("runtime.node.gc.pause", "nanosecond", NS),
  gcTypeTag: "gc_type",
  gcType: (kind) => {
    switch (kind) {
      case GC_MINOR:
        return "scavenge";
      case GC_MINOR_MARK_SWEEP:
        return "minor_mark_sweep";
      case GC_MAJOR:
        return "mark_sweep_compact";
      case GC_INCREMENTAL:
        return "incremental_marking";
      case GC_WEAKCB:
        return "process_weak_callbacks";
      default:
        return "unknown";
    }
  },
  heapUsed: metric("runtime.node.mem.heap_used", "byte"),
  heapTotal: metric("runtime.node.mem.heap_total", "byte"),
  heapLimit: metric("runtime.node.heap.heap_size_limit", "byte"),
  rss: metric("runtime.node.mem.rss", "byte"),
  external: metric("runtime.node.mem.external", "byte"),
  arrayBuffers: metric("runtime.node.mem.array_buffers", "byte"),
  spaceSize: metric("runtime.node.heap.size.by.space", "byte"),
  spaceUsed: metric("runtime.node.heap.used_size.by.space", "byte"),
  spaceAvailable: metric("runtime.node.heap.available_size.by.space", "byte"),
  spacePhysical: metric("runtime.node.heap.physical_size.by.space", "byte"),
  spaceTag: "heap_space",
  cpu: {
    kind: "percent",
    user: metric("runtime.node.cpu.user", "percent"),
    system: metric("runtime.node.cpu.system", "percent"),
    total: metric("runtime.node.cpu.total", "percent"),
  },
  activeResources: metric("runtime.node.active_resources", undefined),
  uptime: metric("runtime.node.process.uptime", "second"),
};
