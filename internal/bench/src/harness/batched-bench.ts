import { Bench } from "tinybench";

/** A benchmark whose function performs `ops` operations per call (a batch). */
export interface BatchTask {
  name: string;
  /** Operations one call of `run` performs. */
  ops: number;
  /** Runs one batch; its result is consumed so the work cannot be optimised away. */
  run: () => unknown;
  /** Untimed work after each batch (e.g. clearing a MemoryBackend so memory stays bounded). */
  afterBatch?: () => void;
}

export interface BatchResult {
  name: string;
  /** Median nanoseconds per operation over the batches. */
  nsPerOp: number;
}

/**
 * Anything a batch returned, folded in so V8 must compute it. Exported, so the optimiser has to
 * assume it is read.
 */
export const blackhole = { value: 0 };

function consume(value: unknown): void {
  if (typeof value === "number") blackhole.value += value;
  else if (value !== undefined) blackhole.value += 1;
}

/**
 * Runs each task with tinybench and reports the median cost of one operation. Every sample is
 * one batch of many operations timed as a whole, so the timer's own cost (tens of ns) does not
 * swamp operations of a few ns.
 */
export async function runBatches(
  tasks: BatchTask[],
  options: { timeMs?: number; warmupMs?: number } = {},
): Promise<Map<string, BatchResult>> {
  const bench = new Bench({
    time: options.timeMs ?? 150,
    warmupTime: options.warmupMs ?? 60,
    iterations: 20,
    warmupIterations: 5,
    throws: true,
  });
  for (const task of tasks) {
    bench.add(task.name, () => {
      const start = performance.now();
      const result = task.run();
      const duration = performance.now() - start;
      consume(result);
      task.afterBatch?.();
      return { overriddenDuration: duration };
    });
  }
  await bench.run();
  const results = new Map<string, BatchResult>();
  for (const task of tasks) {
    const benchTask = bench.getTask(task.name);
    const result = benchTask?.result;
    if (!result || !("latency" in result)) {
      throw new Error(`benchmark "${task.name}" produced no result (${result?.state})`);
    }
    const nsPerOp = (result.latency.p50 * 1e6) / task.ops;
    results.set(task.name, {
      name: task.name,
      nsPerOp,
    });
  }
  return results;
}
