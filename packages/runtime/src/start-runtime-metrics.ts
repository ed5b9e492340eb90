import { Emitter } from "./emitter.js";
import { observeGc } from "./gc-observer.js";
import { DATADOG_NAMES, type NamingConvention, OPENTELEMETRY_NAMES } from "./naming.js";
import { optionError, replaceRunning, type Stoppable, stopOnce, tagsOption } from "./options.js";
import { RuntimeSampler } from "./runtime-sampler.js";

/** Options of {@link startRuntimeMetrics}. Every one is optional. */
export interface RuntimeMetricsOptions {
  /** How often runtime metrics are read and emitted, in milliseconds. Default: 10000. */
  intervalMs?: number;
  /** Put before every name (`myapp` gives `myapp.nodejs.eventloop.delay.max`). Default: none. */
  prefix?: string;
  /** Tags added to every runtime metric. Default: none. */
  tags?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  /**
   * Names and units: `"opentelemetry"` (semantic conventions, seconds and bytes) or `"datadog"`
   * (dd-trace's `runtime.node.*`, nanoseconds and percent). Default: `"opentelemetry"`.
   */
  naming?: NamingConvention;
  /**
   * How often the event-loop delay monitor samples, in milliseconds (`monitorEventLoopDelay`'s
   * `resolution`). A stall shorter than this can go unseen; each sample wakes the event loop.
   * Default: 10 (Node's default).
   */
  eventLoopResolutionMs?: number;
}

const CONVENTIONS = { opentelemetry: OPENTELEMETRY_NAMES, datadog: DATADOG_NAMES } as const;

/**
 * Emits Node's runtime metrics through the facade every `intervalMs` (event-loop delay and
 * utilisation, GC pauses by kind, heap, RSS, external and array-buffer memory, CPU time, active
 * resources, uptime), so whatever backend is configured receives them. The timer is unref'd;
 * `stop()` removes it and every observer. A second call stops the first.
 *
 * @example
 * ```ts
 * import { configure } from "@metrics/core";
 * import { startRuntimeMetrics } from "@metrics/runtime";
 *
 * configure({ backend });
 * const runtime = startRuntimeMetrics({ tags: { service: "checkout" } });
 * // ... at shutdown:
 * runtime.stop();
 * ```
 */
export function startRuntimeMetrics(options: RuntimeMetricsOptions = {}): Stoppable {
  const fn = "startRuntimeMetrics";
  const {
    intervalMs = 10_000,
    prefix = "",
    naming = "opentelemetry",
    eventLoopResolutionMs = 10,
  } = options;
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
    throw optionError(fn, `\`intervalMs\` must be a positive integer, got ${String(intervalMs)}`);
  }
  if (!Number.isInteger(eventLoopResolutionMs) || eventLoopResolutionMs <= 0) {
    throw optionError(
      fn,
      `\`eventLoopResolutionMs\` must be a positive integer, got ${String(eventLoopResolutionMs)}`,
    );
  }
  if (typeof prefix !== "string") throw optionError(fn, "`prefix` must be a string");
  if (!Object.hasOwn(CONVENTIONS, naming)) {
    throw optionError(fn, `\`naming\` must be "opentelemetry" or "datadog", got ${String(naming)}`);
  }
  const names = CONVENTIONS[naming];
  const emit = new Emitter(prefix, tagsOption(fn, options.tags));
  const sampler = new RuntimeSampler(names, emit, eventLoopResolutionMs);
  const gc = observeGc(names, emit);
  // Sampled from the check phase, after every due timer ran: the event-loop delay monitor's own
  // timer records a stall when it next fires, and Node's `reset()` forgets the monitor's last
  // tick, so a reset before that fire (this interval's timer running first) would drop the stall.
  // Both callbacks are made once, not per reading.
  const sample = () => sampler.sample();
  const timer = setInterval(() => setImmediate(sample), intervalMs);
  timer.unref();
  const handle = stopOnce(() => {
    clearInterval(timer);
    sampler.stop();
    gc.stop();
  });
  replaceRunning("runtime-metrics", handle);
  return handle;
}
